import { describe, expect, it } from "vitest";
import { findActiveQuestionnaire, findQuestionnaire, updateDraftDefinition } from "~db/repositories/questionnaires";
import { activate, checkDefinitionText, createDraft, saveDraft } from "~/admin/questionnaires.server";
import { DEFAULT_DEFINITION, type QuestionnaireDefinition, extraQuestions } from "~/domain/questionnaire";
import { parseDefinition } from "~/domain/questionnaire.server";
import { QUESTIONNAIRE_TEMPLATES } from "~/domain/questionnaire-templates";
import { isCounted } from "~/domain/question-counts";
import { ingestResponses } from "~/ingest/ingest.server";
import { loadOverview } from "~/reports/overview.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, item, seedReference } from "../../helpers/fixtures";
import { problemCodes, staffFor } from "../../helpers/staff";

const WITH_EXTRA: QuestionnaireDefinition = {
  questions: [
    { code: "overall", kind: "rating" },
    { code: "reasons", kind: "multi_choice", options: [{ code: "harassment" }, { code: "long_wait" }] },
    {
      code: "staff_attitude",
      kind: "choice",
      label: { vi: "Thái độ của cán bộ", en: "Staff attitude" },
      options: [
        { code: "good", label: { vi: "Tốt", en: "Good" } },
        { code: "poor", label: { vi: "Chưa tốt", en: "Poor" } },
      ],
    },
  ],
};

describe.each(databaseFactories())("questionnaire versions on $dialect", (factory) => {
  const testApp = useTestApp(factory, seedReference);

  it("checks a definition: JSON with a line and column, the core questions, harassment", () => {
    expect(checkDefinitionText('{\n  "questions": [\n    {"code": "overall",, }\n  ]\n}')).toMatchObject({
      ok: false,
      problems: [{ field: "definition", code: "invalid_json", params: { line: 3 } }],
    });
    const noHarassment = checkDefinitionText(
      JSON.stringify({
        questions: [
          { code: "overall", kind: "rating" },
          { code: "reasons", kind: "multi_choice", options: [{ code: "long_wait" }] },
        ],
      })
    );
    expect(noHarassment.ok ? [] : noHarassment.problems.map((p) => p.code)).toEqual(["harassment_reason_required"]);
    const noOverall = checkDefinitionText(JSON.stringify({ questions: WITH_EXTRA.questions.slice(1) }));
    expect(noOverall.ok ? [] : noOverall.problems.map((p) => p.code)).toContain("core_question_missing");
    expect(checkDefinitionText(JSON.stringify(WITH_EXTRA)).ok).toBe(true);
  });

  it("edits a draft, activates it, and never changes an activated version", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const draft = await createDraft(app.db, admin, app.now(), 1);
    expect(draft).toMatchObject({ version: 2, active: 0, activatedAt: null });
    await saveDraft(app.db, admin, app.now(), 2, WITH_EXTRA);
    expect((await findQuestionnaire(app.db, 2))!.definition).toEqual(WITH_EXTRA);

    await activate(app.db, admin, app.now(), 2);
    expect((await findActiveQuestionnaire(app.db))?.version).toBe(2);
    expect((await findQuestionnaire(app.db, 1))?.active).toBe(0);

    expect(await problemCodes(() => saveDraft(app.db, admin, app.now(), 2, WITH_EXTRA))).toEqual([
      "definition:questionnaire_immutable",
    ]);
    expect(await problemCodes(() => saveDraft(app.db, admin, app.now(), 1, WITH_EXTRA))).toEqual([
      "definition:questionnaire_immutable",
    ]);
    // Not even the repository rewrites a released version.
    expect(await updateDraftDefinition(app.db, 1, JSON.stringify(WITH_EXTRA))).toBe(false);
    expect((await findQuestionnaire(app.db, 2))!.definition).toEqual(WITH_EXTRA);
  });

  it("accepts and reports responses given under an earlier version, not under a draft", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const { identity } = await createUnitWithDesk(app, { code: "12", name: "Tỉnh Lai Châu", level: "province" });
    // Taps a minute apart: the spam rule would flag answers tapped within 3 seconds of each other.
    let tap = app.now().getTime() - 10 * 60_000;
    const under = (version: number, extra: Record<string, unknown> = {}) =>
      item({ questionnaireVersion: version, submittedAt: new Date((tap += 60_000)).toISOString(), ...extra });
    // Version 2 (activated in the test above) is in use; version 1 is still a released version.
    expect((await findActiveQuestionnaire(app.db))?.version).toBe(2);
    const draft = await createDraft(app.db, admin, app.now(), null);

    const outcomes = await ingestResponses(
      app,
      identity,
      [
        under(1),
        under(2, { answers: { staff_attitude: "good" } }),
        under(draft.version),
        under(1, { answers: { staff_attitude: "good" } }),
      ],
      app.now()
    );
    expect(outcomes.map((o) => o.status)).toEqual(["created", "created", "invalid", "invalid"]);
    expect(outcomes[2].problems?.[0].code).toBe("unknown_questionnaire_version");
    expect(outcomes[3].problems?.[0].code).toBe("unknown_question");
    const overview = await loadOverview(app, { ...admin.user });
    expect(overview.day.counts.total).toBe(2);
    expect(overview.day.counts.satisfied).toBe(2);
  });
});

describe.each(databaseFactories())("questionnaire templates on $dialect", (factory) => {
  const testApp = useTestApp(factory, seedReference);

  it("start a draft from TT 01/2018's criteria or SIPAS's aspects, keeping the copy's core questions, all counted", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    for (const template of QUESTIONNAIRE_TEMPLATES) {
      const draft = await createDraft(app.db, admin, app.now(), 1, template);
      const parsed = parseDefinition(draft.definition);
      expect(parsed.ok, template).toBe(true);
      expect(draft.definition.questions.slice(0, 2)).toEqual(DEFAULT_DEFINITION.questions);
      const extras = extraQuestions(draft.definition);
      expect(extras.length).toBeGreaterThanOrEqual(5);
      for (const q of extras) {
        expect(isCounted(q), q.code).toBe(true);
        // A kiosk line: short in both languages.
        expect(q.label!.vi.length, q.label!.vi).toBeLessThanOrEqual(70);
        expect(q.label!.en.length, q.label!.en).toBeLessThanOrEqual(70);
      }
    }
    const sipas = (await findQuestionnaire(app.db, 3))!.definition;
    expect(extraQuestions(sipas).map((q) => q.code)).toEqual([
      "access",
      "procedure",
      "official",
      "result",
      "feedback",
      "overall_score",
    ]);
  });
});
