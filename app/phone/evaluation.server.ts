/**
 * The citizen's phone: /danh-gia/<token>, the evaluation link printed as a QR
 * code on the dossier's receipt (ADR 054). The same questions as the kiosk,
 * and the same state machine and form (app/kiosk/machine.ts, form.ts), as
 * plain form posts: no JavaScript needed. The page names the office and the
 * procedure's field, never the dossier's code or content.
 *
 * A link is valid from reception until `evaluation_link_days` (30) days after
 * the dossier was returned: unknown or not yet received → 404; withdrawn,
 * cancelled or past its days → 410; evaluated already (from a phone or the
 * tablet) → «Ông/Bà đã đánh giá hồ sơ này» with 409, for a GET and a post alike.
 */
import { redirect } from "@remix-run/node";
import { type EvaluationTarget, findEvaluationTarget } from "~db/repositories/dossier-evaluations";
import { contactRetentionDays } from "~db/repositories/case-deadlines";
import { findActiveQuestionnaire } from "~db/repositories/questionnaires";
import type { Language } from "~db/schema";
import type { AppContext } from "~/context";
import { readEvaluationLinkDays } from "~/dossiers/links.server";
import {
  DEFAULT_DEFINITION,
  type QuestionnaireDefinition,
  extraQuestions,
  overallLevels,
} from "~/domain/questionnaire";
import { getT } from "~/i18n/i18n.server";
import { isLanguage } from "~/i18n/languages";
import { bundlesFor } from "~/i18n/resources.server";
import type { Bundles } from "~/i18n/translate";
import { ALREADY_EVALUATED } from "~/ingest/dossiers.server";
import { ingestDossierEvaluation } from "~/ingest/ingest.server";
import { detailsFromForm, phoneFromForm, readIntent, reasonsFromForm, stateFromForm } from "~/kiosk/form";
import { type SurveyState, initialState, newUuid, toSubmission, transition } from "~/kiosk/machine";
import { PUBLIC_FORM_BYTES, readFormData } from "~/utils/body.server";
import { translateProblems } from "~/utils/problems";

const DAY_MS = 24 * 60 * 60 * 1000;

// Tokens are 128 random bits in base64url (22 characters); anything else is no token of ours.
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

const NAMESPACES = ["common", "kiosk", "phone"] as const;
const bundles: Record<Language, Bundles> = { vi: bundlesFor("vi", NAMESPACES), en: bundlesFor("en", NAMESPACES) };

/** Why a link leads to no survey: its page's status and message. */
export type LinkState = "not_found" | "withdrawn" | "expired" | "evaluated" | "thanks";
// Rated already: the page says so, with a 409 (the dossier's one evaluation is taken), for a GET as for a post.
const STATUS: Record<LinkState, number> = { not_found: 404, withdrawn: 410, expired: 410, evaluated: 409, thanks: 200 };

export interface PhoneSurvey {
  kind: "survey";
  office: { desk: string; unit: string };
  field: Record<Language, string> | null;
  questionnaire: { version: number; definition: QuestionnaireDefinition };
  state: SurveyState;
  error: string | null;
  action: string;
  /** Days a phone left for a harassment complaint is kept after its case is concluded (the consent sentence). */
  contactDays: number;
}

export type PhonePage = ({ kind: "message"; state: LinkState } | PhoneSurvey) & {
  i18n: Record<Language, Bundles>;
  title: string;
};

/** What a link's dossier allows now: a survey, or the reason why not. */
export function linkState(target: EvaluationTarget | undefined, days: number, now: Date): LinkState | "open" {
  if (!target || target.deskId === null || target.unitId === null || target.unitLevel === null) return "not_found";
  if (target.endKind === "withdrawn" || target.endKind === "cancelled") return "withdrawn";
  if (target.endedAt !== null && now.getTime() > Date.parse(target.endedAt) + days * DAY_MS) return "expired";
  if (target.evaluationResponseId !== null) return "evaluated";
  return "open";
}

async function resolve(app: AppContext, token: string | undefined) {
  const target = token && TOKEN.test(token) ? await findEvaluationTarget(app.db, token) : undefined;
  const days = await readEvaluationLinkDays(app.db);
  return { target, state: linkState(target, days, app.now()) };
}

async function activeQuestionnaire(app: AppContext) {
  const row = await findActiveQuestionnaire(app.db);
  return row ? { version: row.version, definition: row.definition } : { version: 1, definition: DEFAULT_DEFINITION };
}

function title(lang: Language): string {
  return getT(lang)("phone:title");
}

function message(state: LinkState) {
  return {
    body: { kind: "message", state, i18n: bundles, title: title("vi") } satisfies PhonePage,
    status: STATUS[state],
  };
}

async function survey(
  app: AppContext,
  token: string,
  target: EvaluationTarget,
  state: SurveyState,
  error: string | null
): Promise<PhonePage> {
  return {
    kind: "survey",
    office: { desk: target.deskName ?? "", unit: target.unitName ?? "" },
    field:
      target.fieldNameVi !== null && target.fieldNameEn !== null
        ? { vi: target.fieldNameVi, en: target.fieldNameEn }
        : null,
    questionnaire: await activeQuestionnaire(app),
    state,
    error,
    action: `/danh-gia/${token}`,
    contactDays: await contactRetentionDays(app.db),
    i18n: bundles,
    title: title(state.language),
  };
}

const NO_STORE = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

/** The page for a GET: the survey's first step, the thank-you after a send (?done=vi|en), or why there is none. */
export async function loadEvaluation(
  app: AppContext,
  request: Request,
  token: string | undefined
): Promise<{ body: PhonePage; status: number; headers: HeadersInit }> {
  const { target, state } = await resolve(app, token);
  const done = new URL(request.url).searchParams.get("done");
  if (state === "evaluated" && done !== null) {
    const page = message("thanks");
    const lang = isLanguage(done) ? done : "vi";
    return { ...page, body: { ...page.body, title: title(lang) }, headers: NO_STORE };
  }
  if (state !== "open") return { ...message(state), headers: NO_STORE };
  return { body: await survey(app, token!, target!, initialState(), null), status: 200, headers: NO_STORE };
}

/** One step of the survey (a plain form post); the last one stores the evaluation. */
export async function evaluationAction(
  app: AppContext,
  request: Request,
  token: string | undefined
): Promise<{ body: PhonePage; status: number; headers: HeadersInit }> {
  const { target, state: link } = await resolve(app, token);
  // A post gets its link's page and status: 409 for a dossier rated already (a second attempt, a stale page).
  if (link !== "open") return { ...message(link), headers: NO_STORE };
  const dossier = target!;
  const questionnaire = await activeQuestionnaire(app);
  const extras = extraQuestions(questionnaire.definition);
  const form = await readFormData(request, PUBLIC_FORM_BYTES);
  // The field is the dossier's, and the code is not asked: whatever the form says of them is ignored.
  const known = { fieldCode: dossier.fieldNameVi !== null ? (dossier.fieldCode ?? "") : "", dossierCode: "" };
  const state = { ...stateFromForm(form, extras), ...known };
  const intent = readIntent(form.get("intent"));
  const now = app.now();
  const page = (next: SurveyState, error: string | null = null, status = 200) =>
    survey(app, token!, dossier, next, error).then((body) => ({ body, status, headers: NO_STORE }));
  if (!intent) return page(state);
  switch (intent.type) {
    case "rate":
      if (!overallLevels(questionnaire.definition).includes(intent.rating)) return page(state);
      return page(
        transition(state, { type: "rate", rating: intent.rating, id: newUuid(now.getTime()), at: now.toISOString() })
      );
    case "reasons":
      return page(transition(state, { type: "reasons", reasons: reasonsFromForm(form) }));
    case "contact": {
      // The optional phone for a harassment complaint, as on the tablet (ADR 048).
      const { phone } = phoneFromForm(form);
      if (phone === null) return page(state, getT(state.language)("kiosk:contact_invalid"), 400);
      return page(transition(state, { type: "contact", phone }));
    }
    case "skip":
      return page(transition(state, { type: "contact", phone: null }));
    case "back":
    case "restart":
      return page(transition(state, { type: intent.type }));
    case "language":
      return page(transition(state, { type: "language", language: intent.language }));
    case "send": {
      if (!state.rating) return page(initialState(state.language));
      const filled = { ...transition(state, { type: "details", ...detailsFromForm(form, extras) }), ...known };
      const outcome = await ingestDossierEvaluation(
        app,
        {
          deskId: dossier.deskId!,
          unitId: dossier.unitId!,
          unitLevel: dossier.unitLevel!,
          dossierId: dossier.dossierId,
        },
        toSubmission(filled, questionnaire.version),
        now
      );
      if (outcome.status === "invalid") {
        if (outcome.problems?.some((p) => p.code === ALREADY_EVALUATED.code))
          return { ...message("evaluated"), status: 409, headers: NO_STORE };
        const t = getT(filled.language);
        const details = translateProblems(outcome.problems ?? [], t)
          .map((p) => p.message)
          .join(" ");
        return page(filled, t("kiosk:invalid", { details }), 400);
      }
      // Stored now, or this very form stored before: either way the citizen is done (no second post on reload).
      throw redirect(`/danh-gia/${token}?done=${filled.language}`, { headers: NO_STORE });
    }
  }
}
