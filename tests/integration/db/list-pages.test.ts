/**
 * The administration's list pages in SQL (issue 18, ADR 058), on each dialect:
 * units, desks, tablets and users filtered by a unit subtree, by state, by a
 * search that ignores case and Vietnamese marks (and takes % and _ literally),
 * sorted both ways, and cut into pages whose total counts the same filter.
 */
import { describe, expect, it } from "vitest";
import { insertDesk, updateDesk } from "~db/repositories/desks";
import { insertDevice, revokeDevice, touchDevice } from "~db/repositories/devices";
import { listOpenUnits, pageDesks, pageDevices, pageUnits, pageUsers, searchUnits } from "~db/repositories/list-pages";
import { insertUnit, subtreeUnitIds, updateUnit } from "~db/repositories/units";
import { insertUser } from "~db/repositories/users";
import type { UnitLevel } from "~db/schema";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";

const AT = "2026-11-26T03:00:00.000Z";
const all = { sort: "unit", dir: "asc", page: 1, size: null } as const;

describe.each(databaseFactories())("list pages on $label", (factory) => {
  const ids: Record<string, number> = {};
  const getApp = useTestApp(factory, async (app) => {
    const db = app.db;
    const unit = async (code: string, name: string, level: UnitLevel, parent?: string, validTo?: string) => {
      const row = await insertUnit(db, {
        code,
        name,
        level,
        parentId: parent ? ids[parent] : null,
        validFrom: null,
        validTo: validTo ?? null,
        createdAt: AT,
      });
      ids[code] = row.id;
    };
    await unit("99", "Tỉnh An Hòa", "province");
    await unit("991", "Thành phố Đồng Xuân", "district", "99");
    await unit("99101", "Phường Bắc Sơn", "commune", "991");
    await unit("99102", "Xã Xuân Lộc", "commune", "991");
    await unit("992", "Huyện Thanh Bình", "district", "99");
    await unit("99201", "Xã Ea Kly", "commune", "992");
    await unit("99202", "Xã 100%_Mới", "commune", "992", "2025-06-30");
    const desk = async (code: string, name: string, unitCode: string) => {
      const row = await insertDesk(db, { code, name, unitId: ids[unitCode], createdAt: AT });
      ids[code] = row.id;
    };
    await desk("99101-MC", "Một cửa Bắc Sơn", "99101");
    await desk("99102-MC", "Một cửa Xuân Lộc", "99102");
    await desk("99102-Q2", "Quầy đất đai", "99102");
    await desk("99201-MC", "Một cửa Ea Kly", "99201");
    await updateDesk(db, ids["99102-Q2"], { active: 0 });
    let n = 0;
    const device = async (key: string, deskCode: string, name: string) => {
      const row = await insertDevice(db, {
        deskId: ids[deskCode],
        name,
        tokenHash: `hash-${++n}`,
        createdAt: AT,
      });
      ids[key] = row.id;
    };
    await device("online", "99101-MC", "Máy Bắc Sơn 1");
    await device("offline", "99101-MC", "Máy Bắc Sơn 2");
    await device("stale", "99102-MC", "Máy Xuân Lộc");
    await device("never", "99201-MC", "Máy Ea Kly");
    await device("revoked", "99201-MC", "Máy cũ Ea Kly");
    await touchDevice(db, ids.online, "2026-11-26T02:59:00.000Z");
    await touchDevice(db, ids.offline, "2026-11-26T02:50:00.000Z");
    await touchDevice(db, ids.stale, "2026-11-25T02:00:00.000Z");
    await revokeDevice(db, ids.revoked, AT);
    const user = async (username: string, role: "admin" | "manager" | "viewer", unitCode: string | null) => {
      await insertUser(db, {
        username,
        passwordHash: "x",
        role,
        unitId: unitCode ? ids[unitCode] : null,
        createdAt: AT,
        passwordChangedAt: AT,
        email: `${username}@anhoa.gov.vn`,
      });
    };
    await user("quantri", "admin", null);
    await user("ql.dongxuan", "manager", "991");
    await user("xem.xuanloc", "viewer", "99102");
    await user("xem.eakly", "viewer", "99201");
  });

  const bounds = { onlineSince: "2026-11-26T02:57:00.000Z", staleUpTo: "2026-11-26T02:45:00.000Z" };

  it("finds units by code or by name with or without marks, leaving ended ones out unless asked", async () => {
    const db = getApp().db;
    const codes = async (q: string, extra: { ended?: boolean; level?: UnitLevel } = {}) =>
      (await pageUnits(db, { q, today: "2026-11-26", ...extra }, { ...all, sort: "code" })).rows.map((u) => u.code);
    expect(await codes("xuan loc")).toEqual(["99102"]);
    expect(await codes("XUÂN")).toEqual(["991", "99102"]);
    expect(await codes("đồng xuân")).toEqual(["991"]);
    expect(await codes("dong")).toEqual(["991"]);
    expect(await codes("9920")).toEqual(["99201"]);
    expect(await codes("9920", { ended: true })).toEqual(["99201", "99202"]);
    // LIKE's wildcards are taken as typed.
    expect(await codes("100%_", { ended: true })).toEqual(["99202"]);
    expect(await codes("0%", { ended: true })).toEqual(["99202"]);
    expect(await codes("", { level: "district" })).toEqual(["991", "992"]);
    // A rename keeps the key.
    await updateUnit(db, ids["99201"], { name: "Xã Ea Kly Mới" });
    expect(await codes("kly moi")).toEqual(["99201"]);
    expect(
      (
        await searchUnits(db, {
          q: "xa",
          today: "2026-11-26",
          limit: 10,
          unitIds: await subtreeUnitIds(db, ids["992"]),
        })
      ).map((u) => u.code)
    ).toEqual(["99201"]);
  });

  it("offers a create form the open units, or only some units and those right below them", async () => {
    const db = getApp().db;
    const codes = async (filter: Partial<Parameters<typeof listOpenUnits>[1]>) =>
      (await listOpenUnits(db, { today: "2026-11-26", limit: 100, ...filter })).map((u) => u.code);
    expect(await codes({})).toEqual(["99", "991", "99101", "99102", "992", "99201"]);
    expect(await codes({ limit: 2 })).toEqual(["99", "991"]);
    expect(await codes({ near: [ids["99"]] })).toEqual(["99", "991", "992"]);
    expect(await codes({ near: [ids["992"]] })).toEqual(["992", "99201"]);
    expect(await codes({ unitIds: await subtreeUnitIds(db, ids["991"]), near: [ids["99"]] })).toEqual(["991"]);
  });

  it("pages units with a total over all pages, sorted both ways", async () => {
    const db = getApp().db;
    const page = (n: number, dir: "asc" | "desc") =>
      pageUnits(db, { today: "2026-11-26" }, { sort: "code", dir, page: n, size: 2 });
    const first = await page(1, "asc");
    expect(first.total).toBe(6);
    expect(first.rows.map((u) => u.code)).toEqual(["99", "991"]);
    expect((await page(3, "asc")).rows.map((u) => u.code)).toEqual(["992", "99201"]);
    expect((await page(1, "desc")).rows.map((u) => u.code)).toEqual(["99201", "992"]);
    expect((await page(4, "asc")).rows).toEqual([]);
    const bacSon = (await pageUnits(db, { today: "2026-11-26", q: "bac son" }, { ...all, sort: "code" })).rows[0];
    expect(bacSon).toMatchObject({ code: "99101", parentCode: "991", parentName: "Thành phố Đồng Xuân", desks: 1 });
  });

  it("filters desks by subtree, active or not, and a search over desk and unit", async () => {
    const db = getApp().db;
    const codes = async (filter: Parameters<typeof pageDesks>[1]) =>
      (await pageDesks(db, filter, { ...all, sort: "code" })).rows.map((d) => d.code);
    expect(await codes({ unitIds: await subtreeUnitIds(db, ids["991"]) })).toEqual([
      "99101-MC",
      "99102-MC",
      "99102-Q2",
    ]);
    expect(await codes({ unitIds: await subtreeUnitIds(db, ids["991"]), active: true })).toEqual([
      "99101-MC",
      "99102-MC",
    ]);
    expect(await codes({ active: false })).toEqual(["99102-Q2"]);
    expect(await codes({ q: "dat dai" })).toEqual(["99102-Q2"]);
    expect(await codes({ q: "xuân lộc" })).toEqual(["99102-MC", "99102-Q2"]);
    expect(await codes({ q: "ea kly" })).toEqual(["99201-MC"]);
    expect(await codes({ unitIds: [] })).toEqual([]);
    const page = await pageDesks(db, {}, { sort: "name", dir: "desc", page: 1, size: 3 });
    expect(page.total).toBe(4);
    expect(page.rows.map((d) => d.name)).toEqual(["Quầy đất đai", "Một cửa Xuân Lộc", "Một cửa Ea Kly"]);
    expect(page.rows[1]).toMatchObject({ unitCode: "99102", devices: 1, active: 1 });
  });

  it("filters tablets by state as the status shows it, by subtree and by search", async () => {
    const db = getApp().db;
    const names = async (filter: Partial<Parameters<typeof pageDevices>[1]>) =>
      (await pageDevices(db, { ...bounds, ...filter }, { ...all, sort: "name" })).rows.map((d) => d.id);
    expect(await names({ state: "online" })).toEqual([ids.online]);
    expect(await names({ state: "offline" })).toEqual([ids.offline]);
    expect(await names({ state: "stale" })).toEqual([ids.stale]);
    expect(await names({ state: "never" })).toEqual([ids.never]);
    expect(await names({ state: "revoked" })).toEqual([ids.revoked]);
    expect(await names({ unitIds: await subtreeUnitIds(db, ids["991"]) })).toEqual([
      ids.online,
      ids.offline,
      ids.stale,
    ]);
    expect(await names({ q: "may cu" })).toEqual([ids.revoked]);
    expect(await names({ q: "99101-mc" })).toEqual([ids.online, ids.offline]);
    expect(await names({ q: "thanh binh" })).toEqual([]);
    const byContact = await pageDevices(db, bounds, { sort: "last_seen", dir: "desc", page: 1, size: 2 });
    expect(byContact.total).toBe(5);
    expect(byContact.rows.map((d) => d.id)).toEqual([ids.online, ids.offline]);
    const oldest = await pageDevices(db, bounds, { sort: "last_seen", dir: "asc", page: 1, size: 5 });
    // Never heard from sorts first (oldest) on both dialects.
    expect(oldest.rows.slice(0, 2).map((d) => d.lastSeenAt)).toEqual([null, null]);
    expect(oldest.rows[0]).toMatchObject({ deskCode: "99201-MC", unitCode: "99201" });
  });

  it("filters users by subtree, role, state and a search over name, email and unit", async () => {
    const db = getApp().db;
    const names = async (filter: Parameters<typeof pageUsers>[1]) =>
      (await pageUsers(db, filter, { ...all, sort: "username" })).rows.map((u) => u.username);
    expect(await names({})).toEqual(["ql.dongxuan", "quantri", "xem.eakly", "xem.xuanloc"]);
    expect(await names({ unitIds: await subtreeUnitIds(db, ids["991"]) })).toEqual(["ql.dongxuan", "xem.xuanloc"]);
    expect(await names({ role: "viewer" })).toEqual(["xem.eakly", "xem.xuanloc"]);
    expect(await names({ disabled: true })).toEqual([]);
    expect(await names({ q: "XUÂN LỘC" })).toEqual(["xem.xuanloc"]);
    expect(await names({ q: "QUANTRI@" })).toEqual(["quantri"]);
    const byUnit = await pageUsers(db, {}, { sort: "unit", dir: "desc", page: 1, size: 1 });
    expect(byUnit).toMatchObject({ total: 4, rows: [{ username: "xem.eakly", unitCode: "99201" }] });
  });
});
