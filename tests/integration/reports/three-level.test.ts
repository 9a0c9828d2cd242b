/**
 * A questionnaire version on the official three-level scale, end to end: the
 * kiosk shows three faces, a citizen's answer (JavaScript off) is stored, and
 * the report counts it in both S and Decision 766's ratio; "neutral" is
 * refused under that version.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { activate, createDraft, saveDraft } from "~/admin/questionnaires.server";
import { serializeDeviceCookie } from "~/devices/device-cookie.server";
import type { QuestionnaireDefinition } from "~/domain/questionnaire";
import { ingestResponses } from "~/ingest/ingest.server";
import { kioskAction, loadKiosk } from "~/kiosk/kiosk.server";
import type { SurveyState } from "~/kiosk/machine";
import { KioskView } from "~/kiosk/survey.server";
import { prepareReport, type PreparedReport } from "~/reports/query.server";
import { ratesReport } from "~/reports/rates-report.server";
import { ratesReportJson } from "~/reports/report-model";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, item, seedReference } from "../../helpers/fixtures";
import { staffFor } from "../../helpers/staff";

const THREE_LEVELS: QuestionnaireDefinition = {
  questions: [
    { code: "overall", kind: "rating", scale: "three" },
    { code: "reasons", kind: "multi_choice", options: [{ code: "harassment" }, { code: "long_wait" }] },
  ],
};

describe.each(databaseFactories())("a three-level questionnaire on $dialect", (factory) => {
  const testApp = useTestApp(factory, seedReference);

  it("shows three faces, stores the answer and reports it in S and Decision 766's ratio", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const unit = await createUnitWithDesk(app, { code: "77", name: "Tỉnh Ba Mức", level: "province" });
    const draft = await createDraft(app.db, admin, app.now(), 1);
    await saveDraft(app.db, admin, app.now(), draft.version, THREE_LEVELS);
    await activate(app.db, admin, app.now(), draft.version);

    const cookie = (await serializeDeviceCookie(unit.token, false)).split(";")[0];
    const request = (body?: Record<string, string>) =>
      new Request("http://kiosk.test/kiosk?index", {
        method: body ? "POST" : "GET",
        headers: { cookie, ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
        ...(body ? { body: new URLSearchParams(body).toString() } : {}),
      });

    // The page: three faces in the official order, no «Bình thường».
    const loaded = await loadKiosk(app, request());
    const html = renderToStaticMarkup(
      createElement(KioskView, {
        state: loaded.body.initial,
        desk: loaded.body.desk,
        fields: loaded.body.fields,
        questionnaire: loaded.body.questionnaire,
        i18n: loaded.body.kioskI18n,
        config: loaded.body.config,
      })
    );
    const faces = [...html.matchAll(/value="rate:([a-z_]+)"/g)].map((m) => m[1]);
    expect(faces.slice(0, 3)).toEqual(["very_satisfied", "satisfied", "dissatisfied"]);
    expect(faces).not.toContain("neutral");
    expect(html).toContain("faces faces-3");
    expect(html).not.toContain("Bình thường");

    // A forged "neutral" tap is ignored; «Hài lòng» moves on; sending stores it.
    const ignored = await kioskAction(app, request({ intent: "rate:neutral" }));
    expect(ignored.state.rating).toBeNull();
    const rated = await kioskAction(app, request({ intent: "rate:satisfied" }));
    expect(rated.state.rating).toBe("satisfied");
    const state: SurveyState = rated.state;
    const sent = kioskAction(
      app,
      request({
        intent: "send",
        step: state.step,
        language: state.language,
        id: state.id,
        startedAt: state.startedAt,
        rating: "satisfied",
      })
    );
    await expect(sent).rejects.toMatchObject({ status: 302 });

    // The tablet API refuses "neutral" under this version, with a translated reason.
    const [refused] = await ingestResponses(
      app,
      unit.identity,
      [item({ questionnaireVersion: draft.version, rating: "neutral" })],
      app.now()
    );
    expect(refused.status).toBe("invalid");
    expect(refused.problems?.map((p) => p.code)).toEqual(["rating_not_offered"]);
    const [dissatisfied] = await ingestResponses(
      app,
      unit.identity,
      [item({ questionnaireVersion: draft.version, rating: "dissatisfied" })],
      app.now()
    );
    expect(dissatisfied.status).toBe("created");

    const today = app.now().toISOString().slice(0, 10);
    const prepared = (await prepareReport(app, null, { from: today, to: today, unit: "77" })) as Extract<
      PreparedReport,
      { ok: true }
    >;
    expect(prepared.ok).toBe(true);
    const report = ratesReportJson(
      await ratesReport(
        app.db,
        prepared.scope,
        { from: today, to: today, by: "level" },
        { lang: "vi", targets: prepared.targets }
      )
    );
    // «Hài lòng» on three levels counts as satisfied in both: S = Q = 1/2.
    expect(report.total.counts).toEqual({ very_satisfied: 0, satisfied: 1, neutral: 0, dissatisfied: 1 });
    expect(report.total.satisfaction.rate).toBe(0.5);
    expect(report.total.decision766).toMatchObject({ count: 1, denominator: 2, rate: 0.5 });
  });
});
