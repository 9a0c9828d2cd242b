/**
 * The kiosk survey as a state machine, shared by the server (plain form posts,
 * JavaScript off: state travels in hidden fields) and the browser (JavaScript
 * on: state lives in the kiosk controller, client.ts). Pure: no I/O, no clock, no randomness — callers
 * pass ids and times in.
 *
 *   rate ──face──▶ details ──send──▶ thanks
 *     └─dissatisfied─▶ reasons ──continue──▶ details
 *                        └─harassment, not yet asked─▶ contact ──leave or skip──▶ details
 *
 * The contact step (a phone to be contacted about a harassment complaint,
 * ADR 048) is offered once per visit: leaving a number or skipping both mark
 * it asked, and a citizen who went past it is never shown it again.
 */
import type { Language } from "~db/schema";
import type { Rating, Reason } from "~/domain/response";

export type Step = "rate" | "reasons" | "contact" | "details" | "thanks";
export const STEPS: readonly Step[] = ["rate", "reasons", "contact", "details", "thanks"];

/** Seconds the thank-you screen stays before the next citizen's survey. */
export const THANKS_SECONDS = 5;
/** Seconds a started survey may sit untouched before it is sent as it stands and the kiosk resets (JavaScript on). */
export const IDLE_SECONDS = 60;
/** Seconds before that reset a warning offers to continue (WCAG 2.2.1: at least 20 s to extend a time limit). */
export const IDLE_WARNING_SECONDS = 20;

export type OnTimeAnswer = "yes" | "no" | "";
export type ExtraAnswer = string | string[] | boolean;

export interface Details {
  fieldCode: string;
  dossierCode: string;
  onTime: OnTimeAnswer;
  comment: string;
  answers: Record<string, ExtraAnswer>;
}

export interface SurveyState extends Details {
  step: Step;
  language: Language;
  /** The response's UUID, made at the first tap. */
  id: string;
  /** ISO time of the first tap: the response's submittedAt. */
  startedAt: string;
  rating: Rating | null;
  reasons: Reason[];
  /** The phone left on the contact step (normalised), "" for none. */
  contactPhone: string;
  /** The contact step was offered and answered (left or skipped) in this visit. */
  contactAsked: boolean;
}

export type SurveyEvent =
  | { type: "rate"; rating: Rating; id: string; at: string }
  | { type: "reasons"; reasons: Reason[] }
  /** The contact step: a normalised phone left, or null for skipped. */
  | { type: "contact"; phone: string | null }
  | ({ type: "details" } & Partial<Details>)
  | { type: "back" }
  | { type: "sent" }
  | { type: "restart" }
  | { type: "language"; language: Language };

export const EMPTY_DETAILS: Details = { fieldCode: "", dossierCode: "", onTime: "", comment: "", answers: {} };

export function initialState(language: Language = "vi"): SurveyState {
  return {
    step: "rate",
    language,
    id: "",
    startedAt: "",
    rating: null,
    reasons: [],
    contactPhone: "",
    contactAsked: false,
    ...EMPTY_DETAILS,
  };
}

/** Whether the survey's reasons make a harassment complaint (the only one the contact step is for). */
export function isHarassment(state: Pick<SurveyState, "rating" | "reasons">): boolean {
  return state.rating === "dissatisfied" && state.reasons.includes("harassment");
}

export function transition(state: SurveyState, event: SurveyEvent): SurveyState {
  switch (event.type) {
    case "rate":
      return {
        ...initialState(state.language),
        id: state.id || event.id,
        startedAt: state.startedAt || event.at,
        rating: event.rating,
        // The same visit: a citizen who answered the contact step is not asked again.
        contactPhone: state.contactPhone,
        contactAsked: state.contactAsked,
        step: event.rating === "dissatisfied" ? "reasons" : "details",
      };
    case "reasons": {
      if (state.rating !== "dissatisfied") return state;
      const next = { ...state, reasons: event.reasons };
      return { ...next, step: isHarassment(next) && !state.contactAsked ? "contact" : "details" };
    }
    case "contact":
      return state.step === "contact"
        ? { ...state, contactPhone: event.phone ?? "", contactAsked: true, step: "details" }
        : state;
    case "details": {
      const { type: _type, ...details } = event;
      return { ...state, ...details };
    }
    case "back":
      if (state.step === "details") return { ...state, step: state.rating === "dissatisfied" ? "reasons" : "rate" };
      if (state.step === "reasons" || state.step === "contact")
        return { ...state, step: state.step === "contact" ? "reasons" : "rate" };
      return state;
    case "sent":
      return state.rating ? { ...state, step: "thanks" } : state;
    case "restart":
      // The next citizen starts in Vietnamese.
      return initialState();
    case "language":
      return state.step === "rate" ? { ...state, language: event.language } : state;
  }
}

/** The response as the ingest API takes it (see docs/api.md). */
export interface ResponseSubmission {
  id: string;
  submittedAt: string;
  questionnaireVersion: number;
  rating: Rating;
  reasons?: Reason[];
  fieldCode?: string;
  dossierCode?: string;
  onTime?: boolean;
  comment?: string;
  language: Language;
  answers?: Record<string, ExtraAnswer>;
  /** Only with a harassment complaint (ADR 048). */
  contactPhone?: string;
}

export function toSubmission(state: SurveyState, questionnaireVersion: number): ResponseSubmission {
  if (!state.rating || !state.id) throw new Error("A survey without a rating cannot be sent");
  const answers = Object.fromEntries(
    Object.entries(state.answers).filter(([, v]) => v !== "" && !(Array.isArray(v) && v.length === 0))
  );
  return {
    id: state.id,
    submittedAt: state.startedAt,
    questionnaireVersion,
    rating: state.rating,
    ...(state.rating === "dissatisfied" && state.reasons.length ? { reasons: state.reasons } : {}),
    ...(state.fieldCode ? { fieldCode: state.fieldCode } : {}),
    ...(state.dossierCode.trim() ? { dossierCode: state.dossierCode.trim() } : {}),
    ...(state.onTime ? { onTime: state.onTime === "yes" } : {}),
    ...(state.comment.trim() ? { comment: state.comment.trim() } : {}),
    language: state.language,
    ...(Object.keys(answers).length ? { answers } : {}),
    ...(state.contactPhone && isHarassment(state) ? { contactPhone: state.contactPhone } : {}),
  };
}

/**
 * A response's id: a version 7 UUID (RFC 9562) — the tap's time (ms) in its
 * first 48 bits, then 74 random bits — made without crypto.randomUUID, so it
 * also works outside secure contexts (tablets on plain http). Ids made close
 * in time sort close together, so the server's primary-key index takes each
 * near its end rather than on a random page (written out at every commit):
 * measured by `npm run bench`. The API accepts any UUID.
 */
export function newUuid(
  at: number = Date.now(),
  random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)
): string {
  const b = random(new Uint8Array(16));
  const ms = Math.max(0, Math.floor(at));
  b[0] = Math.floor(ms / 2 ** 40) & 0xff;
  b[1] = Math.floor(ms / 2 ** 32) & 0xff;
  b[2] = (ms >>> 24) & 0xff;
  b[3] = (ms >>> 16) & 0xff;
  b[4] = (ms >>> 8) & 0xff;
  b[5] = ms & 0xff;
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
