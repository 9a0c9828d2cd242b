/**
 * Questionnaire versions. A definition lists its questions; two are core and
 * always present: `overall` (the four-level rating every rate is computed
 * from) and `reasons` (asked only when dissatisfied; must offer
 * "harassment"). Other questions are extras shown on the details step and
 * stored in a response's `answers`. Core questions take their wording from
 * locales/ unless the definition gives labels.
 */
import { RATINGS, REASONS, type Rating, type Reason } from "./response";

export const QUESTION_KINDS = ["rating", "choice", "multi_choice", "yes_no", "rating5", "text"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export interface LocalizedText {
  vi: string;
  en: string;
}

/**
 * A rating question's scale: HaiLong's four faces, or the three levels of the
 * official forms (Rất hài lòng / Hài lòng / Không hài lòng). Both are stored as
 * the same ratings, the three-level scale simply never offers "neutral"
 * (docs/domain.md, "Two scales").
 */
export const RATING_SCALES = ["four", "three"] as const;
export type RatingScale = (typeof RATING_SCALES)[number];

const SCALE_LEVELS: Record<RatingScale, readonly Rating[]> = {
  four: RATINGS,
  three: ["very_satisfied", "satisfied", "dissatisfied"],
};

/** The ratings a scale offers, best first. */
export function scaleLevels(scale: RatingScale | undefined): readonly Rating[] {
  return SCALE_LEVELS[scale ?? "four"];
}

/**
 * A 1–5 rating question (`rating5`, ADR 050): the citizen picks a score from
 * 1 (worst) to 5 (best), stored as the option code "1"…"5"; the version words
 * what 1 and 5 mean (`ends`).
 */
export const SCORES = ["1", "2", "3", "4", "5"] as const;
export type Score = (typeof SCORES)[number];

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
  /** rating questions: the scale (four faces unless "three") */
  scale?: RatingScale;
  /** rating5 questions: what 1 and 5 mean («Rất kém» … «Rất tốt») */
  ends?: { low: LocalizedText; high: LocalizedText };
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

/** The faces the overall question of a version offers, best first. */
export function overallLevels(definition: QuestionnaireDefinition): readonly Rating[] {
  return scaleLevels(definition.questions.find((q) => q.code === "overall")?.scale);
}

/** The reason codes a version offers, in its order. */
export function offeredReasons(definition: QuestionnaireDefinition): Reason[] {
  const reasons = definition.questions.find((q) => q.code === "reasons");
  return (reasons?.options ?? []).map((o) => o.code as Reason);
}
