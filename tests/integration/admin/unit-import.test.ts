import { describe, expect, it } from "vitest";
import { listAuditEntries } from "~db/repositories/audit";
import { listUnits } from "~db/repositories/units";
import { importUnits } from "~/admin/unit-import.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { addUnit, staffFor } from "../../helpers/staff";

const GOOD = [
  "code,name,level,parent_code,valid_from,valid_to",
  "99,Tỉnh An Hòa,province,,,",
  "991,Thành phố An Hòa,district,99,,2025-06-30",
  "99101,Phường Bắc Sơn,commune,991,,2025-06-30",
  "99102,Phường Nam Sơn,commune,991,,",
  "99101,Phường Bắc Sơn,commune,99,2025-07-01,",
].join("\r\n");

describe.each(databaseFactories())("importing units from CSV on $dialect", (factory) => {
  const testApp = useTestApp(factory);

  it("stores a good file whole, audited, and finds nothing new the second time", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const outcome = await importUnits(app.db, admin, app.now(), GOOD);
    expect(outcome).toEqual({ applied: true, created: 5 });
    const units = await listUnits(app.db);
    const byCodeFrom = (code: string, from: string | null) =>
      units.find((u) => u.code === code && u.validFrom === from);
    expect(byCodeFrom("99101", null)?.parentId).toBe(byCodeFrom("991", null)?.id);
    expect(byCodeFrom("99101", "2025-07-01")?.parentId).toBe(byCodeFrom("99", null)?.id);
    expect(byCodeFrom("99102", null)).toMatchObject({ name: "Phường Nam Sơn", level: "commune", validTo: null });
    const audit = await listAuditEntries(app.db, { entity: "unit", action: "import" });
    expect(audit).toHaveLength(5);
    expect(audit.find((e) => e.entityId === String(byCodeFrom("99102", null)!.id))!.after).toMatchObject({
      code: "99102",
      parent: "991",
    });

    const again = await importUnits(app.db, admin, app.now(), GOOD);
    expect(again).toEqual({ applied: true, created: 0 });
    expect(await listUnits(app.db)).toHaveLength(5);
  });

  it("applies nothing when one row is bad", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const before = await listUnits(app.db);
    const audited = (await listAuditEntries(app.db)).length;
    const file = [
      "97,Tỉnh Thử,province,,,",
      "971,Huyện Thử,district,97,,",
      "97101,Xã Một,commune,971,,",
      "97102,Xã Hai,commune,9710,,", // no such parent
      "97103,Xã Ba,commune,971,,",
    ].join("\n");
    const outcome = await importUnits(app.db, admin, app.now(), file);
    expect(outcome.applied).toBe(false);
    if (outcome.applied) return;
    expect(outcome.plan.rows.map((r) => r.status)).toEqual(["new", "new", "new", "error", "new"]);
    expect(outcome.plan.rows[3].problems[0]).toMatchObject({ field: "parent_code", code: "parent_code_not_found" });
    expect(await listUnits(app.db)).toEqual(before);
    expect(await listAuditEntries(app.db)).toHaveLength(audited);
  });

  it("lets a manager import communes under their own district only", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const p = await addUnit(
      app,
      admin,
      { code: "96", name: "Tỉnh Cà Mau", level: "province", parent: null },
      { validFrom: null, validTo: null }
    );
    await addUnit(
      app,
      admin,
      { code: "961", name: "Huyện Một", level: "district", parent: p.id },
      { validFrom: null, validTo: null }
    );
    const manager = await staffFor(app, "manager", "961");
    const refused = await importUnits(app.db, manager, app.now(), "96101,Xã A,commune,961,,\n96201,Xã B,commune,96,,");
    expect(refused.applied).toBe(false);
    const accepted = await importUnits(app.db, manager, app.now(), "96101,Xã A,commune,961,,");
    expect(accepted).toEqual({ applied: true, created: 1 });
  });
  it("refuses a manager the code of a unit outside their scope, in any period, storing nothing", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const p = await addUnit(app, admin, { code: "95", name: "Tỉnh Thử", level: "province" });
    await addUnit(app, admin, { code: "951", name: "Huyện Một", level: "district", parent: p.id });
    const b = await addUnit(app, admin, { code: "952", name: "Huyện Hai", level: "district", parent: p.id });
    await addUnit(
      app,
      admin,
      { code: "95201", name: "Xã Ea Tul", level: "commune", parent: b.id },
      { validFrom: null, validTo: "2026-12-31" }
    );
    const manager = await staffFor(app, "manager", "951");
    const before = await listUnits(app.db);
    const file = [
      "95201,Xã Chiếm Mã,commune,951,2027-01-01,", // a later period: overlaps nothing
      "95201,Xã Ea Tul,commune,952,,2026-12-31", // the stored row itself, outside the scope
      "95101,Xã Thật,commune,951,,",
    ].join("\n");
    const outcome = await importUnits(app.db, manager, app.now(), file);
    expect(outcome.applied).toBe(false);
    if (outcome.applied) return;
    expect(outcome.plan.rows.map((r) => [r.status, r.problems])).toEqual([
      ["error", [{ field: "code", code: "unit_code_outside_scope", params: { code: "95201" } }]],
      ["error", [{ field: "code", code: "unit_code_outside_scope", params: { code: "95201" } }]],
      ["new", []],
    ]);
    expect(await listUnits(app.db)).toEqual(before);
    // The administrator may continue the code.
    expect(await importUnits(app.db, admin, app.now(), "95201,Xã Ea Tul,commune,952,2027-01-01,")).toEqual({
      applied: true,
      created: 1,
    });
  });
});
