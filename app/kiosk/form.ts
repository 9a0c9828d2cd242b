/**
 * The kiosk form's wire format, read the same way by the server (JavaScript
 * off) and the browser (JavaScript on). Everything read from a form is
 * checked against the known values here; the ingest service validates the
 * final response again.
 */
import { LANGUAGES, type Language } from "~db/schema";
import { PHONE_INPUT_MAX, normalisePhone } from "~/domain/phone";
import { RATINGS, REASONS, type Rating, type Reason } from "~/domain/response";
import { type Question, SCORES } from "~/domain/questionnaire";
import { type Details, type ExtraAnswer, type OnTimeAnswer, STEPS, type SurveyState, initialState } from "./machine";

export type Intent =
  | { type: "rate"; rating: Rating }
  | { type: "reasons" }
  /** The contact step: leave the typed phone, or skip. */
  | { type: "contact" }
  | { type: "skip" }
  | { type: "send" }
  | { type: "back" }
  | { type: "restart" }
  | { type: "language"; language: Language };

export function readIntent(value: FormDataEntryValue | null): Intent | null {
  if (typeof value !== "string") return null;
  const [kind, arg] = value.split(":", 2);
  switch (kind) {
    case "rate":
      return (RATINGS as readonly string[]).includes(arg) ? { type: "rate", rating: arg as Rating } : null;
    case "lang":
      return (LANGUAGES as readonly string[]).includes(arg) ? { type: "language", language: arg as Language } : null;
    case "reasons":
    case "contact":
    case "skip":
    case "send":
    case "back":
    case "restart":
      return { type: kind };
    default:
      return null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const COMMENT_MAX = 1000;
export const DOSSIER_MAX = 64;

function text(form: FormData, name: string, max: number): string {
  const value = form.get(name);
  return typeof value === "string" ? value.slice(0, max) : "";
}

function oneOf<T extends string>(value: FormDataEntryValue | null, allowed: readonly T[], fallback: T): T {
  return typeof value === "string" && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

export function reasonsFromForm(form: FormData): Reason[] {
  const chosen = new Set(form.getAll("reasons").filter((v): v is string => typeof v === "string"));
  return REASONS.filter((r) => chosen.has(r));
}

export function detailsFromForm(form: FormData, extras: readonly Question[]): Details {
  const answers: Record<string, ExtraAnswer> = {};
  for (const q of extras) {
    const name = `answer.${q.code}`;
    const options = (q.options ?? []).map((o) => o.code);
    if (q.kind === "multi_choice") {
      const values = form.getAll(name).filter((v): v is string => typeof v === "string" && options.includes(v));
      if (values.length) answers[q.code] = values;
    } else if (q.kind === "yes_no") {
      const v = form.get(name);
      if (v === "yes" || v === "no") answers[q.code] = v === "yes";
    } else if (q.kind === "text") {
      const v = text(form, name, q.maxLength ?? 500).trim();
      if (v) answers[q.code] = v;
    } else {
      const allowed = q.kind === "rating" ? RATINGS : q.kind === "rating5" ? SCORES : options;
      const v = form.get(name);
      if (typeof v === "string" && (allowed as readonly string[]).includes(v)) answers[q.code] = v;
    }
  }
  return {
    fieldCode: text(form, "fieldCode", 40),
    dossierCode: text(form, "dossierCode", DOSSIER_MAX),
    onTime: oneOf<OnTimeAnswer>(form.get("onTime"), ["yes", "no", ""], ""),
    comment: text(form, "comment", COMMENT_MAX),
    answers,
  };
}

/** The phone typed on the contact step: normalised, or null when it is not a Vietnamese mobile number. */
export function phoneFromForm(form: FormData): { typed: string; phone: string | null } {
  const typed = text(form, "contactPhone", PHONE_INPUT_MAX + 1);
  return { typed, phone: normalisePhone(typed) };
}

/** The state a no-JavaScript form carried in its hidden fields. */
export function stateFromForm(form: FormData, extras: readonly Question[]): SurveyState {
  const id = text(form, "id", 36);
  const startedAt = text(form, "startedAt", 40);
  const rating = form.get("rating");
  const base = initialState(oneOf(form.get("language"), LANGUAGES, "vi"));
  if (
    !UUID.test(id) ||
    Number.isNaN(Date.parse(startedAt)) ||
    !(RATINGS as readonly string[]).includes(String(rating))
  ) {
    return base;
  }
  return {
    ...base,
    ...detailsFromForm(form, extras),
    step: oneOf(form.get("step"), STEPS, "rate"),
    id: id.toLowerCase(),
    startedAt,
    rating: rating as Rating,
    reasons: rating === "dissatisfied" ? reasonsFromForm(form) : [],
    // Only a number that passed the contact step travels; anything else is dropped.
    contactPhone: normalisePhone(text(form, "contactPhone", PHONE_INPUT_MAX)) ?? "",
    contactAsked: form.get("contactAsked") === "1",
  };
}
