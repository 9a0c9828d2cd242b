/**
 * The kiosk page's server side: who the tablet is (its device cookie), what it
 * shows (desk, fields, the active questionnaire, both languages' strings), and
 * the plain-form flow for browsers without JavaScript.
 */
import { redirect } from "@remix-run/node";
import { listFields } from "~db/repositories/fields";
import { findDutyAt } from "~db/repositories/officers";
import { findActiveQuestionnaire } from "~db/repositories/questionnaires";
import type { DeviceIdentity } from "~db/repositories/devices";
import { isSecureRequest } from "~/auth/session.server";
import type { AppContext } from "~/context";
import {
  DEFAULT_DEFINITION,
  type QuestionnaireDefinition,
  extraQuestions,
  overallLevels,
} from "~/domain/questionnaire";
import { authenticateDevice, recordDeviceContact } from "~/devices/devices.server";
import { deviceTokenFromCookie, serializeDeviceCookie } from "~/devices/device-cookie.server";
import { getT } from "~/i18n/i18n.server";
import { isLanguage } from "~/i18n/languages";
import { bundlesFor } from "~/i18n/resources.server";
import { ingestResponses } from "~/ingest/ingest.server";
import { PUBLIC_FORM_BYTES, readFormData } from "~/utils/body.server";
import { translateProblems } from "~/utils/problems";
import { version as APP_VERSION } from "../../package.json";
import { contactRetentionDays } from "~db/repositories/case-deadlines";
import { detailsFromForm, phoneFromForm, readIntent, reasonsFromForm, stateFromForm } from "./form";
import { type SurveyState, initialState, newUuid, toSubmission, transition } from "./machine";
import type { KioskActionResult, KioskConfig, KioskField, KioskPage } from "./page";

const KIOSK_NAMESPACES = ["common", "kiosk"] as const;
const kioskBundles = { vi: bundlesFor("vi", KIOSK_NAMESPACES), en: bundlesFor("en", KIOSK_NAMESPACES) };

/** The tablet behind a kiosk request, or a redirect to the pairing page. */
export async function requireKioskDevice(
  app: AppContext,
  request: Request
): Promise<{ device: DeviceIdentity; token: string }> {
  const token = await deviceTokenFromCookie(request.headers.get("cookie"));
  const auth = await authenticateDevice(app.db, token);
  if (!auth.ok) throw redirect(auth.reason === "revoked" ? "/kiosk/pair?reason=revoked" : "/kiosk/pair");
  return { device: await recordDeviceContact(app.db, auth.device, app.now()), token: token! };
}

async function activeQuestionnaire(app: AppContext): Promise<{ version: number; definition: QuestionnaireDefinition }> {
  const row = await findActiveQuestionnaire(app.db);
  return row ? { version: row.version, definition: row.definition } : { version: 1, definition: DEFAULT_DEFINITION };
}

async function kioskFields(app: AppContext): Promise<KioskField[]> {
  const rows = await listFields(app.db, { activeOnly: true });
  return rows.map((f) => ({ code: f.code, name: { vi: f.nameVi, en: f.nameEn } }));
}

/** What the browser's kiosk controller (./client.ts) needs, carried in the form's data-config. */
export async function loadKiosk(app: AppContext, request: Request): Promise<{ body: KioskPage; headers: Headers }> {
  const { device, token } = await requireKioskDevice(app, request);
  const [questionnaire, fields, contactDays, duty] = await Promise.all([
    activeQuestionnaire(app),
    kioskFields(app),
    contactRetentionDays(app.db),
    findDutyAt(app.db, device.deskId, app.now().toISOString()),
  ]);
  // ?done=<language>: the thank-you page after a no-JavaScript send, in the citizen's language.
  const done = new URL(request.url).searchParams.get("done");
  const headers = new Headers({
    // Renew the long-lived credential on every visit.
    "Set-Cookie": await serializeDeviceCookie(token, isSecureRequest(request)),
    "Cache-Control": "no-store",
  });
  const initial: SurveyState =
    done === null ? initialState() : { ...initialState(isLanguage(done) ? done : "vi"), step: "thanks" };
  const config: KioskConfig = {
    version: questionnaire.version,
    extras: extraQuestions(questionnaire.definition),
    app: APP_VERSION,
  };
  return {
    body: {
      desk: { name: device.deskName, unitName: device.unitName },
      officer: duty?.officerName ?? null,
      fields,
      questionnaire,
      config,
      kioskI18n: kioskBundles,
      initial,
      contactDays,
    },
    headers,
  };
}

/** One step of the survey for a browser without JavaScript. */
export async function kioskAction(app: AppContext, request: Request): Promise<KioskActionResult> {
  const { device } = await requireKioskDevice(app, request);
  const questionnaire = await activeQuestionnaire(app);
  const extras = extraQuestions(questionnaire.definition);
  const form = await readFormData(request, PUBLIC_FORM_BYTES);
  const state = stateFromForm(form, extras);
  const intent = readIntent(form.get("intent"));
  const now = app.now();
  if (!intent) return { state, error: null };
  switch (intent.type) {
    case "rate":
      // A face this version does not offer (a stale page after a version change) starts over.
      if (!overallLevels(questionnaire.definition).includes(intent.rating)) return { state, error: null };
      return {
        state: transition(state, {
          type: "rate",
          rating: intent.rating,
          id: newUuid(now.getTime()),
          at: now.toISOString(),
        }),
        error: null,
      };
    case "reasons":
      return { state: transition(state, { type: "reasons", reasons: reasonsFromForm(form) }), error: null };
    case "contact": {
      const { phone } = phoneFromForm(form);
      if (phone === null) return { state, error: getT(state.language)("kiosk:contact_invalid") };
      return { state: transition(state, { type: "contact", phone }), error: null };
    }
    case "skip":
      return { state: transition(state, { type: "contact", phone: null }), error: null };
    case "back":
    case "restart":
      return { state: transition(state, { type: intent.type }), error: null };
    case "language":
      return { state: transition(state, { type: "language", language: intent.language }), error: null };
    case "send": {
      if (!state.rating) return { state: initialState(state.language), error: null };
      const filled = transition(state, { type: "details", ...detailsFromForm(form, extras) });
      const [outcome] = await ingestResponses(app, device, [toSubmission(filled, questionnaire.version)], now);
      if (outcome.status === "invalid") {
        const t = getT(filled.language);
        const details = translateProblems(outcome.problems ?? [], t)
          .map((p) => p.message)
          .join(" ");
        return { state: filled, error: t("kiosk:invalid", { details }) };
      }
      // Stored now, or already stored under this id: either way the citizen is done.
      // Redirect so a reload of the thank-you page cannot post again.
      throw redirect(`/kiosk?done=${filled.language}`);
    }
  }
}
