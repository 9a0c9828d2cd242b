/**
 * Responses and dossiers (ADR 054): a phone evaluation is stored only while its
 * dossier has none (two at once: one counts), a tablet's typed code links its
 * response to the known dossier of its unit, and the first counted response of
 * either channel is the dossier's evaluation.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { sumRollups } from "~db/repositories/rollups";
import { ingestDossierEvaluation, ingestResponses } from "~/ingest/ingest.server";
import { type TestApp, useTestApp } from "../../helpers/app";
import { ingestDatabaseFactories } from "../../helpers/databases";
import { dossierEvaluation, insertDossier } from "../../helpers/dossiers";
import { createUnitWithDesk, item, seedReference } from "../../helpers/fixtures";
import { CLI_ACTOR } from "~/cli/basics.server";
import { createOfficer } from "~/officers/officers.server";

describe.each(ingestDatabaseFactories())("dossier evaluations on $label", (factory) => {
  const testApp = useTestApp(factory, seedReference);
  let app: TestApp;
  let desk: Awaited<ReturnType<typeof createUnitWithDesk>>;
  let other: Awaited<ReturnType<typeof createUnitWithDesk>>;
  beforeAll(async () => {
    app = testApp();
    desk = await createUnitWithDesk(app, { code: "01", name: "Tỉnh Thử", level: "province" });
    other = await createUnitWithDesk(app, { code: "02", name: "Xã Khác", level: "commune", parentId: desk.unit.id });
  });

  const origin = (dossierId: number) => ({
    deskId: desk.desk.id,
    unitId: desk.unit.id,
    unitLevel: "province" as const,
    dossierId,
  });

  async function stored(id: string) {
    return app.db.selectFrom("responses").selectAll().where("id", "=", id).executeTakeFirst();
  }

  it("stores a phone evaluation at the dossier's desk, channel phone, as the dossier's evaluation", async () => {
    const dossier = await insertDossier(app.db, { deskCode: desk.desk.code });
    const before = await sumRollups(app.db, { from: "2026-11-26", to: "2026-11-26", unitIds: [desk.unit.id] }, []);
    const a = item({ rating: "very_satisfied", fieldCode: "dat_dai" });
    expect(await ingestDossierEvaluation(app, origin(dossier.id), a, app.now())).toEqual({
      id: a.id,
      status: "created",
    });
    expect(await stored(a.id)).toMatchObject({
      channel: "phone",
      device_id: null,
      dossier_id: dossier.id,
      desk_id: desk.desk.id,
      unit_id: desk.unit.id,
      suspect: 0,
    });
    expect(await dossierEvaluation(app.db, dossier.id)).toEqual({
      evaluationResponseId: a.id,
      responses: [{ id: a.id, channel: "phone" }],
    });
    const after = await sumRollups(app.db, { from: "2026-11-26", to: "2026-11-26", unitIds: [desk.unit.id] }, []);
    expect(after[0].verySatisfied - (before[0]?.verySatisfied ?? 0)).toBe(1);

    // The same form again (a reload, a double tap): the same response, nothing new.
    expect((await ingestDossierEvaluation(app, origin(dossier.id), a, app.now())).status).toBe("duplicate");
    // Another evaluation of the same dossier: refused, not stored.
    const b = item({ rating: "dissatisfied", reasons: ["long_wait"] });
    expect(await ingestDossierEvaluation(app, origin(dossier.id), b, app.now())).toEqual({
      id: b.id,
      status: "invalid",
      problems: [{ field: "dossier", code: "dossier_already_evaluated" }],
    });
    expect(await stored(b.id)).toBeUndefined();
  });

  it("attributes an evaluation to the officer its dossier names", async () => {
    // Assigned to the desk the day before the evaluations.
    const officer = await createOfficer(app.db, CLI_ACTOR, new Date(app.now().getTime() - 86_400_000), {
      desk: desk.desk,
      code: "CB-HS-01",
      name: "Lê Văn Hồ Sơ",
      pin: null,
    });
    const named = await insertDossier(app.db, { deskCode: desk.desk.code, officerCode: "CB-HS-01" });
    const unknown = await insertDossier(app.db, { deskCode: desk.desk.code, officerCode: "CB-KHONG-CO" });
    const a = item({ rating: "satisfied" });
    const b = item({ rating: "satisfied" });
    expect((await ingestDossierEvaluation(app, origin(named.id), a, app.now())).status).toBe("created");
    expect((await ingestDossierEvaluation(app, origin(unknown.id), b, app.now())).status).toBe("created");
    expect((await stored(a.id))?.officer_id).toBe(officer.id);
    expect((await stored(b.id))?.officer_id).toBeNull();
  });

  it("counts one of two phone evaluations posted at once", async () => {
    const dossier = await insertDossier(app.db, { deskCode: desk.desk.code });
    const items = Array.from({ length: 4 }, () => item({ rating: "satisfied" }));
    const outcomes = await Promise.all(
      items.map((i) => ingestDossierEvaluation(app, origin(dossier.id), i, app.now()))
    );
    expect(outcomes.filter((o) => o.status === "created")).toHaveLength(1);
    expect(outcomes.filter((o) => o.problems?.[0]?.code === "dossier_already_evaluated")).toHaveLength(3);
    const created = outcomes.find((o) => o.status === "created")!;
    expect(await dossierEvaluation(app.db, dossier.id)).toEqual({
      evaluationResponseId: created.id,
      responses: [{ id: created.id, channel: "phone" }],
    });
  });

  it("links a tablet's typed code to the unit's dossier; the first counted response is its evaluation", async () => {
    const dossier = await insertDossier(app.db, { code: "000.00.20.H56-241126-0042", deskCode: desk.desk.code });
    // Typed from the receipt: lower case, spaces, an en dash.
    const first = item({ dossierCode: "000.00.20.h56 – 241126-0042", rating: "neutral" });
    const second = item({ dossierCode: "000.00.20.H56-241126-0042", submittedAt: "2026-11-26T09:40:00+07:00" });
    const [o1] = await ingestResponses(app, desk.identity, [first], app.now());
    const [o2] = await ingestResponses(app, desk.identity, [second], app.now());
    expect([o1.status, o2.status]).toEqual(["created", "created"]);
    // Both are stored and counted for the desk, both name the dossier; the first is its evaluation.
    expect(await dossierEvaluation(app.db, dossier.id)).toEqual({
      evaluationResponseId: first.id,
      responses: expect.arrayContaining([
        { id: first.id, channel: "kiosk" },
        { id: second.id, channel: "kiosk" },
      ]),
    });
    expect((await stored(first.id))!.dossier_code).toBe("000.00.20.h56 – 241126-0042");
    // The phone link then finds it evaluated.
    const phone = await ingestDossierEvaluation(app, origin(dossier.id), item(), app.now());
    expect(phone.problems).toEqual([{ field: "dossier", code: "dossier_already_evaluated" }]);
  });

  it("keeps the phone's evaluation when the tablet names the dossier afterwards", async () => {
    const dossier = await insertDossier(app.db, { deskCode: desk.desk.code });
    const phone = item({ rating: "satisfied" });
    await ingestDossierEvaluation(app, origin(dossier.id), phone, app.now());
    const kiosk = item({
      dossierCode: dossier.code,
      rating: "dissatisfied",
      reasons: ["long_wait"],
      submittedAt: "2026-11-26T09:50:00+07:00",
    });
    expect((await ingestResponses(app, desk.identity, [kiosk], app.now()))[0].status).toBe("created");
    expect(await stored(kiosk.id)).toMatchObject({ dossier_id: dossier.id, channel: "kiosk", suspect: 0 });
    expect((await dossierEvaluation(app.db, dossier.id)).evaluationResponseId).toBe(phone.id);
  });

  it("does not link another unit's dossier, nor an unknown code", async () => {
    const elsewhere = await insertDossier(app.db, { deskCode: other.desk.code });
    const typed = item({ dossierCode: elsewhere.code, submittedAt: "2026-11-26T10:00:00+07:00" });
    const unknown = item({ dossierCode: "000.00.20.H56-241126-9999", submittedAt: "2026-11-26T10:05:00+07:00" });
    const outcomes = await ingestResponses(app, desk.identity, [typed, unknown], app.now());
    expect(outcomes.map((o) => o.status)).toEqual(["created", "created"]);
    expect((await stored(typed.id))!.dossier_id).toBeNull();
    expect((await stored(unknown.id))!.dossier_id).toBeNull();
    expect((await dossierEvaluation(app.db, elsewhere.id)).evaluationResponseId).toBeNull();
  });
});
