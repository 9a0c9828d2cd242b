/**
 * How extra questions count (docs/domain.md, "Question aggregates"). Of a
 * questionnaire version's extra questions, those with a fixed set of answers —
 * single choice, multiple choice, yes/no and rating — are counted per option;
 * text answers never are. A counted response that answered a question adds 1
 * to the question's "answered" count (option code `ANSWERED`) and 1 to each
 * option it chose; an option's share is its count over the answered count.
 * Pure: the rollups (db/repositories/answer-rollups.ts) and the report use it.
 */
import {
  type Question,
  type QuestionKind,
  type QuestionnaireDefinition,
  extraQuestions,
  SCORES,
  scaleLevels,
} from "./questionnaire";

export const COUNTED_KINDS = [
  "choice",
  "multi_choice",
  "yes_no",
  "rating",
  "rating5",
] as const satisfies readonly QuestionKind[];

/** The option code of a question's "answered" count. */
export const ANSWERED = "";

export function isCounted(q: Question): boolean {
  return (COUNTED_KINDS as readonly string[]).includes(q.kind);
}

/** The option codes a counted question is counted by, in the order the kiosk shows them. */
export function countedOptions(q: Question): string[] {
  switch (q.kind) {
    case "rating":
      return [...scaleLevels(q.scale)];
    case "yes_no":
      return ["yes", "no"];
    case "rating5":
      return [...SCORES];
    case "choice":
    case "multi_choice":
      return (q.options ?? []).map((o) => o.code);
    default:
      return [];
  }
}

/** The extra questions of a version that are counted, in order. */
export function countedQuestions(definition: QuestionnaireDefinition): Question[] {
  return extraQuestions(definition).filter(isCounted);
}

/**
 * The mean score of a 1–5 rating question from its counts per score (ADR
 * 050): Σ score × count / answered; null when nobody answered.
 */
export function meanScore(countOf: (score: string) => number): number | null {
  let n = 0;
  let sum = 0;
  for (const score of SCORES) {
    const count = countOf(score);
    n += count;
    sum += Number(score) * count;
  }
  return n === 0 ? null : sum / n;
}

export interface AnswerCount {
  question: string;
  /** An option code, or `ANSWERED`. */
  option: string;
}

/**
 * What one counted response's answers add, under its version's definition.
 * Values the version does not offer (never stored by the ingest) add nothing.
 */
export function answerCounts(definition: QuestionnaireDefinition, answers: Record<string, unknown>): AnswerCount[] {
  const out: AnswerCount[] = [];
  for (const q of countedQuestions(definition)) {
    if (!Object.hasOwn(answers, q.code)) continue;
    const value = answers[q.code];
    const offered = countedOptions(q);
    const chosen = (
      q.kind === "yes_no"
        ? typeof value === "boolean"
          ? [value ? "yes" : "no"]
          : []
        : q.kind === "multi_choice"
          ? Array.isArray(value)
            ? [...new Set(value)]
            : []
          : [value]
    ).filter((v): v is string => typeof v === "string" && offered.includes(v));
    if (chosen.length === 0) continue;
    out.push({ question: q.code, option: ANSWERED });
    for (const option of chosen) out.push({ question: q.code, option });
  }
  return out;
}
