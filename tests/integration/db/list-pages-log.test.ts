/**
 * The officers list, the audit log and the suspects review as server-side
 * lists (issue 18, ADR 058), on each dialect: filtered by a unit subtree, by
 * their own state filters, by a search that ignores case and Vietnamese marks,
 * sorted both ways and cut into pages whose total counts the same filter.
 */
import { describe, expect, it } from "vitest";
import { recordAudit } from "~db/repositories/audit";
import { pageAudit, pageOfficers, pageSuspects } from "~db/repositories/list-pages";
import { deactivateOfficer, insertOfficer, renameOfficer } from "~db/repositories/officers";
import { insertUnit, subtreeUnitIds } from "~db/repositories/units";
import type { CurrentUser } from "~/auth/session.server";
import { ingestResponses } from "~/ingest/ingest.server";
import { applyDecision } from "~/suspects/suspects.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, item, seedReference } from "../../helpers/fixtures";

const AT = "2026-11-26T03:00:00.000Z";
const all = { dir: "asc", page: 1, size: null } as const;
const reviewer: CurrentUser = { id: 1, username: "quantri", role: "admin", unitId: null, sessionId: "s" };

describe.each(databaseFactories())("officers, audit log and suspects lists on $label", (factory) => {
  const ids: Record<string, number> = {};
  /** Response ids flagged at Bắc Sơn (interval) and Ea Kly (burst), in tap order. */
  const flagged: Record<string, string[]> = {};
  const getApp = useTestApp(factory, async (app) => {
    await seedReference(app);
    const db = app.db;
    const unit = async (code: string, name: string, level: "province" | "district", parent?: string) => {
      const row = await insertUnit(db, {
        code,
        name,
        level,
        parentId: parent ? ids[parent] : null,
        validFrom: null,
        validTo: null,
        createdAt: AT,
      });
      ids[code] = row.id;
    };
    await unit("99", "Tỉnh An Hòa", "province");
    await unit("991", "Thành phố Đồng Xuân", "district", "99");
    await unit("992", "Huyện Thanh Bình", "district", "99");
    const bacSon = await createUnitWithDesk(app, {
      code: "99101",
      name: "Phường Bắc Sơn",
      level: "commune",
      parentId: ids["991"],
    });
    const eaKly = await createUnitWithDesk(app, {
      code: "99201",
      name: "Xã Ea Kly",
      level: "commune",
      parentId: ids["992"],
    });
    ids["99101"] = bacSon.unit.id;
    ids["99201"] = eaKly.unit.id;

    // Officers: one renamed, one no longer serving.
    const loc = await insertOfficer(db, {
      code: "CB-01",
      name: "Nguyễn Thị Lộc",
      deskId: bacSon.desk.id,
      pinHash: null,
      at: AT,
    });
    await renameOfficer(db, loc.id, "Nguyễn Thị Xuân Lộc");
    const dong = await insertOfficer(db, {
      code: "CB-02",
      name: "Trần Văn Đông",
      deskId: eaKly.desk.id,
      pinHash: "x",
      at: AT,
    });
    await deactivateOfficer(db, dong.id, AT);

    // Suspect responses: 3 taps a second after the first at Bắc Sơn (interval), 22 taps 5 s apart at Ea Kly (the last 2: burst).
    const base = Date.parse("2026-11-26T09:00:00+07:00");
    const taps = (n: number, gapMs: number) =>
      Array.from({ length: n }, (_, i) => item({ submittedAt: new Date(base + i * gapMs).toISOString() }));
    await ingestResponses(app, bacSon.identity, taps(4, 1000), app.now());
    await ingestResponses(app, eaKly.identity, taps(22, 5000), app.now());
    const flaggedAt = async (unitId: number) =>
      (await pageSuspects(db, { unitIds: [unitId] }, { ...all, sort: "at", dir: "asc" })).rows.map((r) => r.id);
    flagged.bacSon = await flaggedAt(bacSon.unit.id);
    flagged.eaKly = await flaggedAt(eaKly.unit.id);
    await applyDecision(app, reviewer, [flagged.bacSon[0]], "accepted", undefined);
    await applyDecision(app, reviewer, [flagged.bacSon[1]], "kept", undefined);

    // Audit entries of our own, besides the decisions' four (two suspect.* entries above).
    const entry = async (at: string, username: string, change: Parameters<typeof recordAudit>[3]) =>
      recordAudit(db, { id: null, username }, new Date(at), change);
    await entry("2026-11-20T02:00:00Z", "quantri", {
      action: "create",
      entity: "unit",
      entityId: bacSon.unit.id,
      unitId: bacSon.unit.id,
      after: { name: "Phường Bắc Sơn" },
    });
    await entry("2026-11-21T02:00:00Z", "ql.bacson", {
      action: "rename",
      entity: "desk",
      entityId: "99101-MC",
      unitId: bacSon.unit.id,
      before: { name: "A" },
      after: { name: "B" },
    });
    await entry("2026-11-22T02:00:00Z", "quantri", {
      action: "update",
      entity: "setting",
      entityId: "province_name",
      unitId: null,
      after: { value: "x" },
    });
    await entry("2026-11-23T02:00:00Z", "ql.eakly", {
      action: "create",
      entity: "officer",
      entityId: "CB-02",
      unitId: eaKly.unit.id,
    });
  });

  it("counts the flagged taps the test builds on", () => {
    expect(flagged.bacSon).toHaveLength(3);
    expect(flagged.eaKly).toHaveLength(2);
  });

  it("filters officers by subtree, active or not, and a search over name, code, desk and unit", async () => {
    const db = getApp().db;
    const codes = async (filter: Parameters<typeof pageOfficers>[1], sort: "code" | "name" = "code") =>
      (await pageOfficers(db, filter, { ...all, sort })).rows.map((o) => o.code);
    expect(await codes({})).toEqual(["CB-01", "CB-02"]);
    expect(await codes({ unitIds: await subtreeUnitIds(db, ids["991"]) })).toEqual(["CB-01"]);
    expect(await codes({ unitIds: [] })).toEqual([]);
    expect(await codes({ active: true })).toEqual(["CB-01"]);
    expect(await codes({ active: false })).toEqual(["CB-02"]);
    // The renamed name is found, typed without marks; so are the code, the desk and the unit.
    expect(await codes({ q: "xuan loc" })).toEqual(["CB-01"]);
    expect(await codes({ q: "TRẦN VĂN ĐÔNG" })).toEqual(["CB-02"]);
    expect(await codes({ q: "cb-0" })).toEqual(["CB-01", "CB-02"]);
    expect(await codes({ q: "ea kly" })).toEqual(["CB-02"]);
    expect(await codes({ q: "99101-mc" })).toEqual(["CB-01"]);
    const byName = await pageOfficers(db, {}, { sort: "name", dir: "desc", page: 1, size: 1 });
    expect(byName).toMatchObject({
      total: 2,
      rows: [
        { code: "CB-02", name: "Trần Văn Đông", active: false, hasPin: true, deskCode: "99201-MC", unitCode: "99201" },
      ],
    });
    expect((await pageOfficers(db, {}, { sort: "name", dir: "desc", page: 2, size: 1 })).rows[0]).toMatchObject({
      code: "CB-01",
      active: true,
      hasPin: false,
    });
  });

  it("filters the audit log by subtree, thing, action, period and a search over user and id, newest first", async () => {
    const db = getApp().db;
    const log = async (filter: Parameters<typeof pageAudit>[1], sort: "at" | "user" | "entity" = "at") =>
      (await pageAudit(db, filter, { ...all, sort, dir: "desc" })).rows.map((e) => [e.action, e.username]);
    const everything = await log({});
    expect(everything).toHaveLength(6);
    expect(everything.slice(0, 2)).toEqual([
      ["suspect.keep", "quantri"],
      ["suspect.accept", "quantri"],
    ]);
    // A subtree leaves out other units and what belongs to no unit (the setting).
    expect(await log({ unitIds: await subtreeUnitIds(db, ids["991"]) })).toEqual([
      ["suspect.keep", "quantri"],
      ["suspect.accept", "quantri"],
      ["rename", "ql.bacson"],
      ["create", "quantri"],
    ]);
    expect(await log({ unitIds: [] })).toEqual([]);
    expect(await log({ entity: "unit" })).toEqual([["create", "quantri"]]);
    expect(await log({ action: "create" })).toEqual([
      ["create", "ql.eakly"],
      ["create", "quantri"],
    ]);
    expect(await log({ from: "2026-11-21T00:00:00.000Z", to: "2026-11-23T00:00:00.000Z" })).toEqual([
      ["update", "quantri"],
      ["rename", "ql.bacson"],
    ]);
    expect(await log({ q: "BACSON" })).toEqual([["rename", "ql.bacson"]]);
    expect(await log({ q: "99101-mc" })).toEqual([["rename", "ql.bacson"]]);
    expect(await log({ q: "cb-02" })).toEqual([["create", "ql.eakly"]]);
    // By user, then newest first within a user; the total counts every page.
    const byUser = await pageAudit(db, {}, { sort: "user", dir: "asc", page: 1, size: 2 });
    expect(byUser.total).toBe(6);
    expect(byUser.rows.map((e) => e.username)).toEqual(["ql.bacson", "ql.eakly"]);
    const third = await pageAudit(db, { entity: "desk" }, { sort: "at", dir: "desc", page: 1, size: 25 });
    expect(third.rows[0]).toMatchObject({ entityId: "99101-MC", before: { name: "A" }, after: { name: "B" } });
  });

  it("filters suspect responses by subtree, review, reason and a search over desk, unit and tablet", async () => {
    const db = getApp().db;
    const found = async (filter: Parameters<typeof pageSuspects>[1]) =>
      (await pageSuspects(db, filter, { ...all, sort: "at", dir: "asc" })).rows.map((r) => r.id);
    const [accepted, kept, pending] = flagged.bacSon;
    expect(await found({})).toHaveLength(5);
    expect(await found({ review: "pending" })).toEqual(expect.arrayContaining([pending, ...flagged.eaKly]));
    expect(await found({ review: "pending" })).toHaveLength(3);
    expect(await found({ review: "accepted" })).toEqual([accepted]);
    expect(await found({ review: "kept" })).toEqual([kept]);
    expect(await found({ review: "reviewed" })).toEqual([accepted, kept]);
    expect(await found({ reason: "burst" })).toEqual(flagged.eaKly);
    expect(await found({ reason: "interval", review: "pending" })).toEqual([pending]);
    expect(await found({ unitIds: await subtreeUnitIds(db, ids["992"]) })).toEqual(flagged.eaKly);
    expect(await found({ unitIds: [] })).toEqual([]);
    expect(await found({ q: "BẮC SƠN" })).toEqual(flagged.bacSon);
    expect(await found({ q: "99201" })).toEqual(flagged.eaKly);
    expect(await found({ q: "tablet" })).toHaveLength(5);
    expect(await found({ q: "không có" })).toEqual([]);
    // The count of a page of one (without a search it is counted without the joins).
    const total = async (filter: Parameters<typeof pageSuspects>[1]) =>
      (await pageSuspects(db, filter, { sort: "at", dir: "asc", page: 1, size: 1 })).total;
    expect(await total({ review: "reviewed" })).toBe(2);
    expect(await total({ reason: "interval", review: "pending" })).toBe(1);
    expect(await total({ unitIds: await subtreeUnitIds(db, ids["992"]) })).toBe(flagged.eaKly.length);
    expect(await total({ unitIds: [] })).toBe(0);
    expect(await total({ q: "BẮC SƠN", review: "reviewed" })).toBe(2);
    const byUnit = await pageSuspects(db, {}, { sort: "unit", dir: "desc", page: 1, size: 2 });
    expect(byUnit.total).toBe(5);
    expect(byUnit.rows.map((r) => r.unitCode)).toEqual(["99201", "99201"]);
    expect(byUnit.rows[0]).toMatchObject({ reason: "burst", review: null, deskCode: "99201-MC", deviceName: "Tablet" });
    const newest = await pageSuspects(db, {}, { sort: "at", dir: "desc", page: 3, size: 2 });
    expect(newest.rows.map((r) => r.id)).toEqual([flagged.bacSon[0]]);
  });
});
