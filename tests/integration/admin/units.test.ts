import { describe, expect, it } from "vitest";
import { listAuditEntries } from "~db/repositories/audit";
import { insertDesk } from "~db/repositories/desks";
import { findUnitByCode, listUnits } from "~db/repositories/units";
import { getSetting, SETTING_KEYS } from "~db/repositories/settings";
import {
  createReferenceProvince,
  createUnit,
  moveUnit,
  renameUnit,
  restoreUnit,
  retireUnit,
} from "~/admin/units-write.server";
import { scopeOf } from "~/admin/access.server";
import { authenticateDevice, createDevice } from "~/devices/devices.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { addUnit, problemCodes, staffFor, thrownStatus } from "../../helpers/staff";

const open = { validFrom: null, validTo: null };

describe.each(databaseFactories())("units on $dialect", (factory) => {
  const testApp = useTestApp(factory);

  it("starts a new installation from the reference province, named for report headers", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const province = await createReferenceProvince(app.db, admin, app.now(), "38");
    expect(province).toMatchObject({ code: "38", name: "Tỉnh Thanh Hóa", level: "province", parentId: null });
    expect(await getSetting(app.db, SETTING_KEYS.provinceName)).toBe("Tỉnh Thanh Hóa");
    expect(await problemCodes(() => createReferenceProvince(app.db, admin, app.now(), "38"))).toEqual([
      "code:duplicate_unit_code",
    ]);
    const manager = await staffFor(app, "manager", "38");
    expect(await thrownStatus(() => createReferenceProvince(app.db, manager, app.now(), "40"))).toBe(403);
  });

  it("holds the three-level years and the two tiers, including a commune whose district ceased to exist", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const now = app.now();
    const p = await addUnit(app, admin, { code: "40", name: "Tỉnh Nghệ An", level: "province" });
    const district = await addUnit(
      app,
      admin,
      { code: "401", name: "Huyện Cũ", level: "district", parent: p.id },
      { validFrom: null, validTo: "2025-06-30" }
    );
    const old = await addUnit(
      app,
      admin,
      { code: "40101", name: "Xã Cũ", level: "commune", parent: district.id },
      { validFrom: null, validTo: "2025-06-30" }
    );
    // The same code again from 1 July 2025, directly under the province.
    const merged = await addUnit(
      app,
      admin,
      { code: "40101", name: "Xã Mới", level: "commune", parent: p.id },
      { validFrom: "2025-07-01", validTo: null }
    );
    // A commune that goes on after its district ended…
    const survivor = await addUnit(app, admin, {
      code: "40102",
      name: "Xã Còn Lại",
      level: "commune",
      parent: district.id,
    });
    // …and may be moved under the province.
    await moveUnit(app.db, admin, now, survivor.id, p.id);
    const units = await listUnits(app.db);
    expect(units.find((u) => u.id === old.id)?.parentId).toBe(district.id);
    expect(units.find((u) => u.id === merged.id)?.parentId).toBe(p.id);
    expect(units.find((u) => u.id === survivor.id)?.parentId).toBe(p.id);
    // Code lookups find the unit valid today.
    expect((await findUnitByCode(app.db, "40101"))?.id).toBe(merged.id);

    // A new commune cannot start under a district that has already ended.
    expect(
      await problemCodes(() =>
        addUnit(
          app,
          admin,
          { code: "40103", name: "Xã Quá Muộn", level: "commune", parent: district.id },
          { validFrom: "2025-07-01", validTo: null }
        )
      )
    ).toEqual(["parent:parent_not_valid"]);
  });

  it("moves a commune to its province from 1 July 2025 as a new version, the old one keeping its past", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const now = app.now();
    const p = await addUnit(app, admin, { code: "48", name: "Thành phố Đà Nẵng", level: "province" });
    const d = await addUnit(app, admin, { code: "481", name: "Quận Cũ", level: "district", parent: p.id });
    const c = await addUnit(app, admin, { code: "48101", name: "Phường Một", level: "commune", parent: d.id });
    const desk = await insertDesk(app.db, {
      code: "48101-MC",
      name: "Một cửa",
      unitId: c.id,
      createdAt: now.toISOString(),
    });
    const tablet = await createDevice(app.db, app.config.sessionSecret, { deskCode: desk.code, name: "Máy 1" }, now);
    const official = await staffFor(app, "viewer", "48101");

    const version = await moveUnit(app.db, admin, now, c.id, p.id, "2025-07-01");
    const rows = (await listUnits(app.db)).filter((u) => u.code === "48101").sort((a, b) => a.id - b.id);
    expect(rows.map((u) => [u.id, u.parentId, u.validFrom, u.validTo])).toEqual([
      [c.id, d.id, null, "2025-06-30"],
      [version.id, p.id, "2025-07-01", null],
    ]);
    // From now on the desk's tablet answers for the new version, and the commune's account sees it.
    const auth = await authenticateDevice(app.db, tablet.token);
    expect(auth.ok && auth.device.unitId).toBe(version.id);
    const user = await app.db
      .selectFrom("users")
      .select("unit_id")
      .where("id", "=", official.user.id)
      .executeTakeFirstOrThrow();
    expect(user.unit_id).toBe(version.id);
    const audit = await listAuditEntries(app.db, { entity: "unit", entityId: String(c.id), action: "move" });
    expect(audit[0].after).toMatchObject({
      valid_to: "2025-06-30",
      continued_as: version.id,
      desks: 1,
      users: 1,
    });

    // A date outside the unit's validity, and a parent below the unit, are refused.
    expect(await problemCodes(() => moveUnit(app.db, admin, now, c.id, p.id, "2026-01-01"))).toEqual([
      "from:move_date_outside",
    ]);
    const e = await addUnit(app, admin, { code: "48201", name: "Phường Ba", level: "commune", parent: p.id });
    expect(await problemCodes(() => moveUnit(app.db, admin, now, d.id, e.id, "2025-07-01"))).toEqual([
      "parent:parent_level",
    ]);
  });

  it("refuses duplicate codes, wrong levels, cycles and bad codes, writing nothing", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const now = app.now();
    const p = await addUnit(app, admin, { code: "42", name: "Tỉnh Hà Tĩnh", level: "province" });
    const d = await addUnit(app, admin, { code: "421", name: "Huyện A", level: "district", parent: p.id });
    const c = await addUnit(app, admin, { code: "42101", name: "Xã A", level: "commune", parent: d.id });
    const before = (await listUnits(app.db)).length;
    const attempt = (input: Partial<Parameters<typeof createUnit>[3]>) =>
      problemCodes(() =>
        createUnit(app.db, admin, now, {
          code: "42102",
          name: "Xã B",
          level: "commune",
          parent: d.id,
          ...open,
          ...input,
        })
      );
    expect(await attempt({ code: "42101" })).toEqual(["code:duplicate_unit_code"]);
    expect(await attempt({ code: "4210" })).toEqual(["code:unit_code_format"]);
    expect(await attempt({ parent: c.id })).toEqual(["parent:parent_level"]);
    expect(await attempt({ parent: null })).toEqual(["parent:parent_required"]);
    expect(await attempt({ validFrom: "2026-01-02", validTo: "2026-01-01" })).toEqual(["valid_to:period_reversed"]);
    expect(await attempt({ level: "district", code: "422", parent: d.id })).toEqual(["parent:parent_level"]);
    expect(await problemCodes(() => moveUnit(app.db, admin, now, d.id, c.id))).toEqual(["parent:unit_cycle"]);
    expect(await problemCodes(() => moveUnit(app.db, admin, now, p.id, d.id))).toEqual(["parent:unit_cycle"]);
    expect((await listUnits(app.db)).length).toBe(before);
  });

  it("renames, retires with history kept, and restores; every change audited with before and after", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const now = app.now();
    const p = await addUnit(app, admin, { code: "44", name: "Tỉnh Quảng Trị", level: "province" });
    const d = await addUnit(app, admin, { code: "441", name: "Huyện B", level: "district", parent: p.id });
    await renameUnit(app.db, admin, now, d.id, { name: "Thị xã B", validFrom: "2020-01-01" });
    const desk = await insertDesk(app.db, {
      code: "441-MC",
      name: "Một cửa",
      unitId: d.id,
      createdAt: now.toISOString(),
    });
    expect(await problemCodes(() => retireUnit(app.db, admin, now, d.id, "2025-06-30"))).toEqual([
      "valid_to:unit_has_active_desks",
    ]);
    await app.db.updateTable("desks").set({ active: 0 }).where("id", "=", desk.id).execute();
    await retireUnit(app.db, admin, now, d.id, "2025-06-30");
    expect((await listUnits(app.db)).find((u) => u.id === d.id)).toMatchObject({
      name: "Thị xã B",
      validTo: "2025-06-30",
    });
    await restoreUnit(app.db, admin, now, d.id);

    const entries = await listAuditEntries(app.db, { entity: "unit", entityId: String(d.id) });
    expect(entries.map((e) => e.action)).toEqual(["restore", "retire", "rename", "create"]);
    const rename = entries.find((e) => e.action === "rename")!;
    expect(rename).toMatchObject({ username: admin.user.username, userId: admin.user.id, unitId: d.id });
    expect(rename.before).toMatchObject({ name: "Huyện B", valid_from: null, parent: "44" });
    expect(rename.after).toMatchObject({ name: "Thị xã B", valid_from: "2020-01-01", parent: "44" });
  });

  it("gives a code held outside a manager's scope, in any period, no new version from them", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const p = await addUnit(app, admin, { code: "47", name: "Tỉnh Đắk Lắk", level: "province" });
    const a = await addUnit(app, admin, { code: "471", name: "Huyện Một", level: "district", parent: p.id });
    const b = await addUnit(app, admin, { code: "472", name: "Huyện Hai", level: "district", parent: p.id });
    const until2026 = { validFrom: null, validTo: "2026-12-31" };
    const held = await addUnit(
      app,
      admin,
      { code: "47201", name: "Xã Ea Tul", level: "commune", parent: b.id },
      until2026
    );
    const manager = await staffFor(app, "manager", "471");
    const before = await listUnits(app.db);
    const squat = (period: { validFrom: string | null; validTo: string | null }) =>
      problemCodes(() =>
        addUnit(app, manager, { code: "47201", name: "Xã Chiếm Mã", level: "commune", parent: a.id }, period)
      );
    // A later period, which overlaps nothing: the squat that would title reports for 47201 with this unit.
    expect(await squat({ validFrom: "2027-01-01", validTo: null })).toEqual(["code:unit_code_outside_scope"]);
    // The same period: the same answer, which does not name the holder.
    expect(await squat({ validFrom: null, validTo: null })).toEqual(["code:unit_code_outside_scope"]);
    expect(await listUnits(app.db)).toEqual(before);

    // Whoever's scope holds a version continues the code: here the other district's manager.
    const holder = await staffFor(app, "manager", "472");
    const from2027 = { validFrom: "2027-01-01", validTo: null };
    const next = await addUnit(
      app,
      holder,
      { code: "47201", name: "Xã Ea Tul", level: "commune", parent: b.id },
      from2027
    );
    expect(
      (await listUnits(app.db))
        .filter((u) => u.code === "47201")
        .map((u) => u.id)
        .sort((x, y) => x - y)
    ).toEqual([held.id, next.id]);
    expect(await squat({ validFrom: "2030-01-01", validTo: null })).toEqual(["code:unit_code_outside_scope"]);

    // One version in scope is enough, even with another elsewhere in between.
    await addUnit(
      app,
      admin,
      { code: "47102", name: "Xã Đi Xa", level: "commune", parent: a.id },
      { validFrom: null, validTo: "2025-06-30" }
    );
    await addUnit(
      app,
      admin,
      { code: "47102", name: "Xã Đi Xa", level: "commune", parent: b.id },
      { validFrom: "2025-07-01", validTo: "2026-12-31" }
    );
    manager.scope = await scopeOf(app, manager.user);
    const back = await addUnit(
      app,
      manager,
      { code: "47102", name: "Xã Về", level: "commune", parent: a.id },
      from2027
    );
    expect(back).toMatchObject({ code: "47102", parentId: a.id });
  });

  it("keeps a manager inside the units below their own", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const now = app.now();
    const p = await addUnit(app, admin, { code: "46", name: "Thành phố Huế", level: "province" });
    const a = await addUnit(app, admin, { code: "461", name: "Quận A", level: "district", parent: p.id });
    const b = await addUnit(app, admin, { code: "462", name: "Quận B", level: "district", parent: p.id });
    const manager = await staffFor(app, "manager", "461");
    const commune = await addUnit(app, manager, { code: "46101", name: "Phường A1", level: "commune", parent: a.id });
    expect(commune.parentId).toBe(a.id);
    // A request computes the scope afresh; so does this test after adding a unit.
    manager.scope = await scopeOf(app, manager.user);
    // Outside the subtree, as if the unit did not exist.
    expect(
      await problemCodes(() =>
        addUnit(app, manager, { code: "46201", name: "Phường B1", level: "commune", parent: b.id })
      )
    ).toEqual(["parent:unit_not_found"]);
    expect(await thrownStatus(() => renameUnit(app.db, manager, now, b.id, { name: "X", validFrom: null }))).toBe(404);
    // Their own unit is set by whoever is above them.
    expect(await thrownStatus(() => renameUnit(app.db, manager, now, a.id, { name: "X", validFrom: null }))).toBe(403);
    expect(await problemCodes(() => moveUnit(app.db, manager, now, commune.id, b.id))).toEqual([
      "parent:unit_not_found",
    ]);
    expect((await listUnits(app.db)).find((u) => u.id === commune.id)?.parentId).toBe(a.id);
  });
});
