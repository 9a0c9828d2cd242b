/**
 * Questionnaire versions. A definition lists its questions; two are core and
 * always present: `overall` (the four-level rating every rate is computed
 * from) and `reasons` (asked only when dissatisfied; must offer
 * "harassment"). Other questions are extras shown on the details step and
 * stored in a response's `answers`. Core questions take their wording from
 * locales/ unless the definition gives labels.
 */
import { REASONS, type Reason } from "./response";

export const QUESTION_KINDS = ["rating", "choice", "multi_choice", "yes_no", "text"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export interface LocalizedText {
  vi: string;
  en: string;
}

export interface QuestionOption {
  code: string;
  label?: LocalizedText;
}

export interface Question {
  code: string;
  kind: QuestionKind;
  label?: LocalizedText;
  options?: QuestionOption[];
  /** text questions: maximum length */
  maxLength?: number;
}

export interface QuestionnaireDefinition {
  questions: Question[];
}

export const CORE_QUESTION_CODES = ["overall", "reasons"] as const;

export const DEFAULT_DEFINITION: QuestionnaireDefinition = {
  questions: [
    { code: "overall", kind: "rating" },
    { code: "reasons", kind: "multi_choice", options: REASONS.map((code) => ({ code })) },
  ],
};

export function isCoreQuestion(question: Question): boolean {
  return (CORE_QUESTION_CODES as readonly string[]).includes(question.code);
}

/** The questions shown on the details step, in order. */
export function extraQuestions(definition: QuestionnaireDefinition): Question[] {
  return definition.questions.filter((q) => !isCoreQuestion(q));
}

/** The reason codes a version offers, in its order. */
export function offeredReasons(definition: QuestionnaireDefinition): Reason[] {
  const reasons = definition.questions.find((q) => q.code === "reasons");
  return (reasons?.options ?? []).map((o) => o.code as Reason);
}
