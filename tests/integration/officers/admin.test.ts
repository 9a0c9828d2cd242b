/** /admin/officers' work (issue 17): per desk in the manager's subtree, moves keep history, PIN hashed, all audited. */
import { describe, expect, it } from "vitest";
import { listAuditEntries } from "~db/repositories/audit";
import { insertDesk } from "~db/repositories/desks";
import { findOfficerById, findPinState, listAssignments, listOfficers } from "~db/repositories/officers";
import { addOfficer, changeOfficer } from "~/officers/officers.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { addUnit, problemCodes, staffFor, thrownStatus } from "../../helpers/staff";

describe.each(databaseFactories())("officer administration on $dialect", (factory) => {
  const testApp = useTestApp(factory);

  it("lets a manager keep the officers of their subtree's desks, every change audited", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const p = await addUnit(app, admin, { code: "50", name: "Tỉnh Thử", level: "province" });
    const a = await addUnit(app, admin, { code: "50001", name: "Xã A", level: "commune", parent: p.id });
    const b = await addUnit(app, admin, { code: "50002", name: "Xã B", level: "commune", parent: p.id });
    const at = app.now().toISOString();
    const deskA1 = await insertDesk(app.db, { code: "501-1", name: "Quầy A1", unitId: a.id, createdAt: at });
    const deskA2 = await insertDesk(app.db, { code: "501-2", name: "Quầy A2", unitId: a.id, createdAt: at });
    const deskB = await insertDesk(app.db, { code: "502-1", name: "Quầy B", unitId: b.id, createdAt: at });
    const managerA = await staffFor(app, "manager", "50001");

    const officer = await addOfficer(app.db, managerA, app.now(), {
      desk: deskA1.id,
      code: "CB-A1",
      name: "Vũ Thị Hà",
      pin: null,
    });
    // Not at a desk outside the subtree, nor with a taken code or a malformed PIN.
    expect(
      await problemCodes(() =>
        addOfficer(app.db, managerA, app.now(), { desk: deskB.id, code: "CB-X", name: "X", pin: null })
      )
    ).toEqual(["desk:desk_not_found"]);
    expect(
      await problemCodes(() =>
        addOfficer(app.db, managerA, app.now(), { desk: deskA2.id, code: "CB-A1", name: "Y", pin: null })
      )
    ).toEqual(["code:duplicate_officer_code"]);
    const other = await addOfficer(app.db, admin, app.now(), { desk: deskB.id, code: "CB-B", name: "Ở B", pin: null });
    expect((await listOfficers(app.db, { unitIds: managerA.scope.unitIds })).map((o) => o.code)).toEqual(["CB-A1"]);
    expect(
      await thrownStatus(() => changeOfficer(app.db, managerA, app.now(), other.id, { type: "rename", name: "Z" }))
    ).toBe(404);

    await changeOfficer(app.db, managerA, app.now(), officer.id, { type: "rename", name: "Vũ Thị Thu Hà" });
    app.setNow("2026-11-27T03:00:00Z");
    await changeOfficer(app.db, managerA, app.now(), officer.id, { type: "move", desk: deskA2.id });
    expect(
      await problemCodes(() => changeOfficer(app.db, managerA, app.now(), officer.id, { type: "move", desk: deskB.id }))
    ).toEqual(["desk:desk_not_found"]);
    await changeOfficer(app.db, managerA, app.now(), officer.id, { type: "pin", pin: "3141" });
    app.setNow("2026-11-28T03:00:00Z");
    await changeOfficer(app.db, managerA, app.now(), officer.id, { type: "deactivate" });

    expect(await findOfficerById(app.db, officer.id)).toMatchObject({
      name: "Vũ Thị Thu Hà",
      deskId: deskA2.id,
      active: false,
      hasPin: true,
    });
    expect((await findPinState(app.db, "CB-A1"))?.pinHash).toMatch(/^scrypt\$/);
    expect((await listAssignments(app.db, officer.id)).map((h) => [h.deskCode, h.activeFrom, h.activeTo])).toEqual([
      ["501-1", "2026-11-26T03:00:00.000Z", "2026-11-27T03:00:00.000Z"],
      ["501-2", "2026-11-27T03:00:00.000Z", "2026-11-28T03:00:00.000Z"],
    ]);
    expect(
      await problemCodes(() =>
        changeOfficer(app.db, managerA, app.now(), officer.id, { type: "move", desk: deskA1.id })
      )
    ).toEqual(["desk:officer_inactive"]);

    const audit = await listAuditEntries(app.db, { entity: "officer", entityId: String(officer.id) });
    expect(audit.map((e) => e.action).reverse()).toEqual(["create", "rename", "move_desk", "set_pin", "retire"]);
    expect(audit.every((e) => e.unitId === a.id)).toBe(true);
    // The PIN is in no audit entry.
    expect(JSON.stringify(audit)).not.toContain("3141");
  });
});
