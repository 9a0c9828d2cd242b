/**
 * What a response is, in the domain's words (docs/domain.md): the ratings a
 * citizen may give, the reasons of a dissatisfied one, why the spam rule may
 * hold a response apart, and what one response adds to each count the rates
 * are computed from. The database schema (db/schema.ts) stores these; it does
 * not define them.
 */

export const UNIT_LEVELS = ["province", "district", "commune"] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** The languages a citizen may answer in (and the app is shown in); Vietnamese first. */
export const LANGUAGES = ["vi", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

export const RATINGS = ["very_satisfied", "satisfied", "neutral", "dissatisfied"] as const;
export type Rating = (typeof RATINGS)[number];

/** Reasons a dissatisfied citizen may give; `harassment` drives the H rate. */
export const REASONS = [
  "long_wait",
  "complicated",
  "extra_papers",
  "late_result",
  "harassment",
  "facilities",
  "other",
] as const;
export type Reason = (typeof REASONS)[number];

/** Why the spam rule flagged a response (app/ingest/spam.server.ts). */
export const SUSPECT_REASONS = ["interval", "burst"] as const;
export type SuspectReason = (typeof SUSPECT_REASONS)[number];
/** A manager's decision on a flagged response: counted after all, or kept apart. */
export type SuspectReview = "accepted" | "kept";

/** The counts the rates are computed from (app/domain/rates.ts); every rollup row keeps them. */
export interface RollupCounts {
  /** N: non-suspect responses (each has an overall rating). */
  total: number;
  verySatisfied: number;
  satisfied: number;
  neutral: number;
  dissatisfied: number;
  /** Dissatisfied responses whose reasons include harassment. */
  harassment: number;
  onTimeYes: number;
  onTimeAnswered: number;
  /** Responses flagged suspect: excluded from every count above. */
  suspect: number;
}

/** The counts in their order (db/schema.ts names their columns in every rollup table). */
export const ROLLUP_COUNT_KEYS = [
  "total",
  "verySatisfied",
  "satisfied",
  "neutral",
  "dissatisfied",
  "harassment",
  "onTimeYes",
  "onTimeAnswered",
  "suspect",
] as const satisfies readonly (keyof RollupCounts)[];

/** The count each overall rating adds to. */
export const RATING_COUNT: Readonly<Record<Rating, keyof RollupCounts>> = {
  very_satisfied: "verySatisfied",
  satisfied: "satisfied",
  neutral: "neutral",
  dissatisfied: "dissatisfied",
};

/** What of a response decides where and how it counts (db/repositories/responses.ts reads it from the stored columns). */
export interface RollupSource {
  localDate: string;
  localHour: number;
  deskId: number;
  unitId: number;
  unitLevel: UnitLevel;
  fieldCode: string | null;
  rating: Rating;
  harassment: number;
  onTime: number | null;
  suspect: number;
  /** The version its extra answers were given under, and those answers (JSON as stored), which the answer rollups count. */
  questionnaireVersion: number;
  answers: string | null;
  /** The officer who served the citizen, when known (the officer rollup counts those). */
  officerId?: number | null;
  /** Where it was given (the channel grains); a tablet's when not said. */
  channel?: "kiosk" | "phone";
}

/** Every count at zero. */
export function emptyRollupCounts(): RollupCounts {
  return {
    total: 0,
    verySatisfied: 0,
    satisfied: 0,
    neutral: 0,
    dissatisfied: 0,
    harassment: 0,
    onTimeYes: 0,
    onTimeAnswered: 0,
    suspect: 0,
  };
}

/**
 * Adds every count of `counts` to `sum` and returns `sum`. Written out, not a
 * loop over ROLLUP_COUNT_KEYS: a national report adds up ~100,000 rows, and
 * the loop's keyed reads and writes were a tenth of its time.
 */
export function addRollupCounts<T extends RollupCounts>(sum: T, counts: RollupCounts): T {
  sum.total += counts.total;
  sum.verySatisfied += counts.verySatisfied;
  sum.satisfied += counts.satisfied;
  sum.neutral += counts.neutral;
  sum.dissatisfied += counts.dissatisfied;
  sum.harassment += counts.harassment;
  sum.onTimeYes += counts.onTimeYes;
  sum.onTimeAnswered += counts.onTimeAnswered;
  sum.suspect += counts.suspect;
  return sum;
}

/** What one response adds to each count. Suspect responses count only as suspect. */
export function rollupDelta(r: RollupSource): RollupCounts {
  const delta: RollupCounts = emptyRollupCounts();
  if (r.suspect) {
    delta.suspect = 1;
    return delta;
  }
  delta.total = 1;
  delta[RATING_COUNT[r.rating]] = 1;
  delta.harassment = r.harassment ? 1 : 0;
  if (r.onTime !== null) {
    delta.onTimeAnswered = 1;
    delta.onTimeYes = r.onTime ? 1 : 0;
  }
  return delta;
}
