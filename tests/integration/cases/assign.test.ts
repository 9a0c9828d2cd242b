/** A case goes only to a manager whose scope holds its unit; the change is audited and in its history. */
import { describe, expect, it } from "vitest";
import { findCase, listCaseEvents } from "~db/repositories/cases";
import { listAuditEntries } from "~db/repositories/audit";
import { assignCase } from "~/cases/cases.server";
import { ingestResponses } from "~/ingest/ingest.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, item, seedReference } from "../../helpers/fixtures";
import { problemCodes, staffFor } from "../../helpers/staff";

describe.each(databaseFactories())("assigning cases on $dialect", (factory) => {
  const testApp = useTestApp(factory, seedReference);

  it("offers the managers of the unit and of the units above, refuses a sibling district's", async () => {
    const app = testApp();
    const province = await createUnitWithDesk(app, { code: "72", name: "Tỉnh Thử", level: "province" });
    const district = await createUnitWithDesk(app, {
      code: "721",
      name: "Huyện Một",
      level: "district",
      parentId: province.unit.id,
    });
    await createUnitWithDesk(app, { code: "722", name: "Huyện Hai", level: "district", parentId: province.unit.id });
    const commune = await createUnitWithDesk(app, {
      code: "72101",
      name: "Xã Một",
      level: "commune",
      parentId: district.unit.id,
    });
    const districtManager = await staffFor(app, "manager", "721");
    const provinceManager = await staffFor(app, "manager", "72");
    const siblingManager = await staffFor(app, "manager", "722");
    const one = item({ rating: "dissatisfied", reasons: ["harassment"], submittedAt: "2026-11-26T09:00:00+07:00" });
    await ingestResponses(app, commune.identity, [one], app.now());
    const id = (
      await app.db.selectFrom("cases").select("id").where("response_id", "=", one.id).executeTakeFirstOrThrow()
    ).id;

    const assign = async (to: number | null) =>
      assignCase(app.db, districtManager, app.now(), (await findCase(app.db, id))!, to);
    expect(await problemCodes(() => assign(siblingManager.user.id))).toEqual(["assignee:case_assignee_out_of_scope"]);
    expect(await problemCodes(() => assign(provinceManager.user.id))).toEqual([]);
    expect(await problemCodes(() => assign(districtManager.user.id))).toEqual([]);
    const c = (await findCase(app.db, id))!;
    expect(c.assignee).toBe(districtManager.user.username);

    const events = await listCaseEvents(app.db, id);
    expect(events.map((e) => [e.type, e.after?.assignee ?? null])).toEqual([
      ["opened", null],
      ["assigned", provinceManager.user.username],
      ["assigned", districtManager.user.username],
    ]);
    const audit = await listAuditEntries(app.db, { entity: "case", entityId: String(id) });
    expect(audit.map((a) => [a.action, a.username, a.before, a.after])).toEqual([
      [
        "assign",
        districtManager.user.username,
        { assignee: provinceManager.user.username },
        { assignee: districtManager.user.username },
      ],
      ["assign", districtManager.user.username, { assignee: null }, { assignee: provinceManager.user.username }],
    ]);
    expect(audit[0].unitId).toBe(commune.unit.id);
  });
});
