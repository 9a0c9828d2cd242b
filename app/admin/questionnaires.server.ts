/**
 * Questionnaire versions: a draft is edited (or uploaded) as JSON, checked by
 * app/domain/questionnaire.server.ts, previewed as the kiosk shows it, then
 * activated. A version once activated never changes (the database update
 * itself refuses), and responses keep the version they were given under: the
 * ingest catalog accepts any version ever activated.
 */
import { z } from "zod";
import type { DB } from "~db/connection";
import { listFields } from "~db/repositories/fields";
import {
  activateQuestionnaire,
  countResponsesByVersion,
  findActiveQuestionnaire,
  findQuestionnaire,
  insertQuestionnaire,
  listQuestionnaires,
  type StoredQuestionnaire,
  nextQuestionnaireVersion,
  updateDraftDefinition,
} from "~db/repositories/questionnaires";
import type { Language } from "~db/schema";
import type { AppContext } from "~/context";
import {
  DEFAULT_DEFINITION,
  type Question,
  type QuestionnaireDefinition,
  extraQuestions,
} from "~/domain/questionnaire";
import { parseDefinition } from "~/domain/questionnaire.server";
import { QUESTIONNAIRE_TEMPLATES, type QuestionnaireTemplate, applyTemplate } from "~/domain/questionnaire-templates";
import { getT, translators } from "~/i18n/i18n.server";
import { isLanguage } from "~/i18n/languages";
import { bundlesFor } from "~/i18n/resources.server";
import { initialState, type SurveyState } from "~/kiosk/machine";
import { type Problem, translateProblems } from "~/utils/problems";
import {
  ADMIN_ONLY,
  MANAGERS,
  type Staff,
  actorOf,
  canConfigureInstallation,
  notFound,
  requireStaff,
} from "./access.server";
import { recordAudit } from "~db/repositories/audit";
import { type ActionResult, badIntent, done, failed, readForm, reject, runForm, runWork } from "./forms.server";
import { PREVIEW_STEPS, type PreviewStep } from "./questionnaire-preview";

export type QuestionnaireState = "active" | "released" | "draft";

function stateOf(q: StoredQuestionnaire): QuestionnaireState {
  return q.active ? "active" : q.activatedAt ? "released" : "draft";
}

export const MAX_DEFINITION_BYTES = 100 * 1024;

export async function loadQuestionnaires(app: AppContext, request: Request) {
  const staff = await requireStaff(app, request, MANAGERS);
  const [rows, counts] = await Promise.all([listQuestionnaires(app.db), countResponsesByVersion(app.db)]);
  return {
    versions: rows.map((q) => ({
      version: q.version,
      state: stateOf(q),
      questions: q.definition.questions.length,
      createdAt: q.createdAt,
      activatedAt: q.activatedAt,
      responses: counts.get(q.version) ?? 0,
    })),
    canEdit: canConfigureInstallation(staff.user),
    templates: QUESTIONNAIRE_TEMPLATES,
  };
}

/**
 * A new draft, copied from an existing version (or the built-in definition
 * when there is none); with a template, its extra questions replace the copy's.
 */
export async function createDraft(
  db: DB,
  staff: Staff,
  now: Date,
  from: number | null,
  template: QuestionnaireTemplate | null = null
): Promise<StoredQuestionnaire> {
  return db.transaction().execute(async (trx) => {
    const source = from === null ? undefined : await findQuestionnaire(trx, from);
    if (from !== null && !source) reject("from", "questionnaire_not_found");
    const definition = template
      ? JSON.stringify(applyTemplate(source?.definition ?? DEFAULT_DEFINITION, template, translators()))
      : (source?.definitionJson ?? JSON.stringify(DEFAULT_DEFINITION));
    const draft = await insertQuestionnaire(trx, {
      version: await nextQuestionnaireVersion(trx),
      definitionJson: definition,
      active: 0,
      createdAt: now.toISOString(),
      activatedAt: null,
    });
    await recordAudit(trx, actorOf(staff), now, {
      action: "create",
      entity: "questionnaire",
      entityId: draft.version,
      unitId: null,
      after: { version: draft.version, from: source?.version ?? null, ...(template ? { template } : {}) },
    });
    return draft;
  });
}

export async function questionnairesAction(app: AppContext, request: Request): Promise<ActionResult> {
  const staff = await requireStaff(app, request, ADMIN_ONLY);
  const { intent, values } = await readForm(request);
  if (intent !== "create") return badIntent(staff.t);
  const schema = z.object({
    from: z
      .string()
      .trim()
      .transform((v) => (v === "" ? null : Number(v)))
      .refine((v) => v === null || Number.isInteger(v), { params: { code: "invalid" } }),
    template: z.union([z.literal("").transform(() => null), z.enum(QUESTIONNAIRE_TEMPLATES)]).default(null),
  });
  return runForm(staff.t, "create", values, schema, async (input) => {
    const draft = await createDraft(app.db, staff, app.now(), input.from, input.template);
    done(`/admin/questionnaires/${draft.version}`, "questionnaire_created");
  });
}

async function versionOrNotFound(db: DB, raw: string | undefined): Promise<StoredQuestionnaire> {
  const version = Number(raw);
  const q = Number.isInteger(version) && version > 0 ? await findQuestionnaire(db, version) : undefined;
  if (!q) notFound();
  return q;
}

export async function loadQuestionnaire(app: AppContext, request: Request, raw: string | undefined) {
  const staff = await requireStaff(app, request, MANAGERS);
  const q = await versionOrNotFound(app.db, raw);
  const counts = await countResponsesByVersion(app.db);
  const definition = q.definition;
  return {
    version: q.version,
    state: stateOf(q),
    createdAt: q.createdAt,
    activatedAt: q.activatedAt,
    responses: counts.get(q.version) ?? 0,
    definition,
    text: JSON.stringify(definition, null, 2),
    canEdit: canConfigureInstallation(staff.user),
  };
}

/** JSON.parse's complaint as a line and column, for people rather than programs. */
function jsonProblem(text: string, error: unknown): Problem {
  const match = /position (\d+)/.exec(String((error as Error)?.message ?? ""));
  const position = match ? Number(match[1]) : text.length;
  const before = text.slice(0, position).split("\n");
  return {
    field: "definition",
    code: "invalid_json",
    params: { line: before.length, column: before.at(-1)!.length + 1 },
  };
}

export type DefinitionCheck = { ok: true; definition: QuestionnaireDefinition } | { ok: false; problems: Problem[] };

export function checkDefinitionText(text: string): DefinitionCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [jsonProblem(text, error)] };
  }
  const parsed = parseDefinition(json);
  return parsed.ok ? parsed : { ok: false, problems: parsed.problems };
}

/** Stores a draft's new definition; an activated version is refused. */
export async function saveDraft(db: DB, staff: Staff, now: Date, version: number, definition: QuestionnaireDefinition) {
  await db.transaction().execute(async (trx) => {
    const before = await findQuestionnaire(trx, version);
    const text = JSON.stringify(definition);
    if (!before || !(await updateDraftDefinition(trx, version, text))) reject("definition", "questionnaire_immutable");
    await recordAudit(trx, actorOf(staff), now, {
      action: "update",
      entity: "questionnaire",
      entityId: version,
      unitId: null,
      before: { definition: before.definitionJson },
      after: { definition: text },
    });
  });
}

export async function activate(db: DB, staff: Staff, now: Date, version: number) {
  await db.transaction().execute(async (trx) => {
    const previous = await findActiveQuestionnaire(trx);
    if (previous?.version === version) return;
    await activateQuestionnaire(trx, version, now.toISOString());
    await recordAudit(trx, actorOf(staff), now, {
      action: "activate",
      entity: "questionnaire",
      entityId: version,
      unitId: null,
      before: { active_version: previous?.version ?? null },
      after: { active_version: version },
    });
  });
}

export async function questionnaireAction(
  app: AppContext,
  request: Request,
  raw: string | undefined
): Promise<ActionResult<{ messages?: string[] }>> {
  const staff = await requireStaff(app, request, ADMIN_ONLY);
  const q = await versionOrNotFound(app.db, raw);
  const { intent, values, files } = await readForm(request, MAX_DEFINITION_BYTES + 64 * 1024);
  const path = `/admin/questionnaires/${q.version}`;
  const t = staff.t;
  switch (intent) {
    case "save": {
      const file = files.get("file");
      const text =
        file && file.size > 0 ? new TextDecoder().decode(await file.arrayBuffer()) : (values.definition ?? "");
      const kept = { definition: text };
      const checked: DefinitionCheck = q.activatedAt
        ? { ok: false, problems: [{ field: "definition", code: "questionnaire_immutable" }] }
        : text.length > MAX_DEFINITION_BYTES
          ? { ok: false, problems: [{ field: "definition", code: "too_long", params: { max: MAX_DEFINITION_BYTES } }] }
          : checkDefinitionText(text);
      if (!checked.ok) {
        const count = checked.problems.length;
        const result = failed(
          "save",
          [{ field: "definition", code: "definition_invalid", params: { count } }],
          kept,
          t
        );
        // Every problem, each naming its place in the JSON, for the list above the editor.
        const messages = translateProblems(checked.problems, t).map((p) => p.message);
        return { status: 400, body: { ...result.body, messages } };
      }
      return runWork(t, "save", kept, async () => {
        await saveDraft(app.db, staff, app.now(), q.version, checked.definition);
        done(path, "questionnaire_saved");
      });
    }
    case "add_rating5": {
      if (q.activatedAt) return failed("add_rating5", [{ field: "code", code: "questionnaire_immutable" }], values, t);
      return runForm(t, "add_rating5", values, rating5Schema, async (input) => {
        const question = rating5Question(input);
        if (q.definition.questions.some((x) => x.code === question.code)) reject("code", "duplicate_values");
        const parsed = parseDefinition({ questions: [...q.definition.questions, question] });
        if (!parsed.ok) return failed("add_rating5", parsed.problems, values, t);
        await saveDraft(app.db, staff, app.now(), q.version, parsed.definition);
        done(path, "questionnaire_saved");
      });
    }
    case "activate":
      return runWork(t, "activate", {}, async () => {
        await activate(app.db, staff, app.now(), q.version);
        done(path, "questionnaire_activated");
      });
    default:
      return badIntent(t);
  }
}

const wording = z.string().trim().min(1).max(300);

/** The form that adds a 1–5 rating question to a draft (ADR 050): its code, its wording and the words for 1 and 5. */
const rating5Schema = z.object({
  code: z
    .string()
    .trim()
    .refine((v) => /^[a-z][a-z0-9_]{0,39}$/.test(v), { params: { code: "question_code" } }),
  label_vi: wording,
  label_en: wording,
  low_vi: wording,
  low_en: wording,
  high_vi: wording,
  high_en: wording,
});

function rating5Question(input: z.output<typeof rating5Schema>): Question {
  return {
    code: input.code,
    kind: "rating5",
    label: { vi: input.label_vi, en: input.label_en },
    ends: { low: { vi: input.low_vi, en: input.low_en }, high: { vi: input.high_vi, en: input.high_en } },
  };
}

/** The kiosk's opening state at a step, with a rating that leads there. */
function previewState(step: PreviewStep, language: Language, now: Date): SurveyState {
  const base = initialState(language);
  if (step === "rate") return base;
  return {
    ...base,
    step,
    id: "00000000-0000-4000-8000-000000000000",
    startedAt: now.toISOString(),
    rating: step === "reasons" ? "dissatisfied" : "satisfied",
  };
}

const KIOSK_NAMESPACES = ["common", "kiosk"] as const;

export async function loadPreview(app: AppContext, request: Request, raw: string | undefined) {
  await requireStaff(app, request, MANAGERS);
  const q = await versionOrNotFound(app.db, raw);
  const url = new URL(request.url);
  const stepParam = url.searchParams.get("step");
  const step: PreviewStep = (PREVIEW_STEPS as readonly string[]).includes(stepParam ?? "")
    ? (stepParam as PreviewStep)
    : "rate";
  const langParam = url.searchParams.get("kioskLang");
  const kioskLang: Language = isLanguage(langParam) ? langParam : "vi";
  const fields = await listFields(app.db, { activeOnly: true });
  const definition = q.definition;
  return {
    version: q.version,
    step,
    kioskLang,
    initial: previewState(step, kioskLang, app.now()),
    questionnaire: { version: q.version, definition },
    fields: fields.map((f) => ({ code: f.code, name: { vi: f.nameVi, en: f.nameEn } })),
    desk: { name: getT(kioskLang)("admin:questionnaires.preview_desk"), unitName: "" },
    kioskI18n: { vi: bundlesFor("vi", KIOSK_NAMESPACES), en: bundlesFor("en", KIOSK_NAMESPACES) },
    config: { version: q.version, extras: extraQuestions(definition), app: "preview" },
  };
}
