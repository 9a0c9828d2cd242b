/**
 * The rate definitions, in one place (see docs/domain.md). The report model
 * (app/reports/rates-report.server.ts) computes them once per group through
 * `rateGroup`; screens, exports, the JSON API and the CLI only render them.
 *
 *   N = non-suspect responses with an overall rating
 *   S = (very_satisfied + satisfied) / N            target met when S >  target (default 92%)
 *   H = dissatisfied with reason "harassment" / N   target met when H <  target (default 1%)
 *   D = dissatisfied / N                            context only, no target
 *   Q = (N − dissatisfied) / N                      Decision 766's satisfaction ratio, no target:
 *       the national measure counts every answer but «Không hài lòng» as satisfied;
 *       shown beside S so a province can reconcile the two, never instead of it
 *   T = on-time "yes" / responses that answered     target met when T >= target (default 97%)
 *
 * A rate with a zero denominator is null ("—"), never 0 or NaN. Every rate
 * carries its 95% Wilson score interval. Below the minimum sample (default 30)
 * a rate is shown but marked insufficient and is not judged (meetsTarget null).
 * Suspect responses never enter a rate; they are only counted.
 */
import { type Rating, type RollupCounts, emptyRollupCounts } from "./response";

/** The counts a rate is computed from: a rollup row's, or a sum of them. */
export type RateCounts = RollupCounts;

export interface Targets {
  /** S must be strictly above this ("trên 92%"). */
  satisfaction: number;
  /** H must be strictly below this ("dưới 1%"). */
  harassment: number;
  /** T must be at least this. */
  onTime: number;
  /** Below this denominator a rate is not judged. */
  minSample: number;
}

export const DEFAULT_TARGETS: Targets = {
  satisfaction: 0.92,
  harassment: 0.01,
  onTime: 0.97,
  minSample: 30,
};

export interface Rate {
  count: number;
  denominator: number;
  /** count / denominator, or null when the denominator is 0. */
  rate: number | null;
  low: number | null;
  high: number | null;
  /** denominator >= minSample */
  sufficient: boolean;
  /** null when there is no rate, too few responses, or no target. */
  meetsTarget: boolean | null;
}

export interface Rates {
  satisfaction: Rate;
  harassment: Rate;
  dissatisfaction: Rate;
  onTime: Rate;
  /** Decision 766's measure: everything but «Không hài lòng» / N. */
  decision766: Rate;
}

/** z for a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/** Wilson score interval for k successes in n trials; null when n = 0. */
export function wilsonInterval(k: number, n: number, z = Z95): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

type Comparison = (rate: number) => boolean;

function rateOf(count: number, denominator: number, minSample: number, meets: Comparison | null): Rate {
  const interval = wilsonInterval(count, denominator);
  const rate = denominator > 0 ? count / denominator : null;
  const sufficient = denominator >= minSample && denominator > 0;
  return {
    count,
    denominator,
    rate,
    low: interval?.low ?? null,
    high: interval?.high ?? null,
    sufficient,
    meetsTarget: rate === null || !sufficient || meets === null ? null : meets(rate),
  };
}

export function computeRates(counts: RateCounts, targets: Targets = DEFAULT_TARGETS): Rates {
  const n = counts.total;
  return {
    satisfaction: rateOf(
      counts.verySatisfied + counts.satisfied,
      n,
      targets.minSample,
      (s) => s > targets.satisfaction
    ),
    harassment: rateOf(counts.harassment, n, targets.minSample, (h) => h < targets.harassment),
    dissatisfaction: rateOf(counts.dissatisfied, n, targets.minSample, null),
    onTime: rateOf(counts.onTimeYes, counts.onTimeAnswered, targets.minSample, (t) => t >= targets.onTime),
    // The province is judged on this nationally, but its own resolution sets no target for it.
    decision766: rateOf(n - counts.dissatisfied, n, targets.minSample, null),
  };
}

export type Judgement = "met" | "not_met" | "insufficient" | "no_data";

/** The state a screen shows next to a rate. */
export function judgementOf(rate: Rate): Judgement {
  if (rate.rate === null) return "no_data";
  if (!rate.sufficient) return "insufficient";
  return rate.meetsTarget ? "met" : "not_met";
}

export function emptyCounts(): RateCounts {
  return emptyRollupCounts();
}

/**
 * Whether two rates are distinguishable: only then may a screen rank one unit
 * above another. Intervals that overlap (or a missing rate) mean "not shown to differ".
 */
export function clearlyDifferent(a: Rate, b: Rate): -1 | 0 | 1 {
  if (a.low === null || a.high === null || b.low === null || b.high === null) return 0;
  if (a.low > b.high) return 1;
  if (a.high < b.low) return -1;
  return 0;
}

/**
 * CI-aware ranks: a unit's rank is 1 + the number of units whose rate is
 * clearly higher (intervals do not overlap). Units that cannot be told apart
 * share ranks; a missing rate has no rank (null).
 */
export function intervalRanks(rates: readonly Rate[]): (number | null)[] {
  return rates.map((rate) =>
    rate.rate === null ? null : 1 + rates.filter((other) => clearlyDifferent(other, rate) === 1).length
  );
}

/**
 * A share with no target: an option's count among the responses that answered
 * its question (docs/domain.md, "Question aggregates"), with its Wilson interval.
 */
export function shareOf(count: number, denominator: number, minSample: number): Rate {
  return rateOf(count, denominator, minSample, null);
}

/** The share of each rating level among the N counted responses; null when N = 0. */
export function ratingShares(counts: RateCounts): Record<Rating, number | null> {
  const share = (k: number) => (counts.total > 0 ? k / counts.total : null);
  return {
    very_satisfied: share(counts.verySatisfied),
    satisfied: share(counts.satisfied),
    neutral: share(counts.neutral),
    dissatisfied: share(counts.dissatisfied),
  };
}

/**
 * Counts with every figure derived from them, computed once: what a report's
 * screens, exports, JSON and CLI render (and never recompute). A new figure
 * (another rate, a ratio) is a new field here, filled in `ratedCounts`.
 */
export interface RatedCounts {
  counts: RateCounts;
  rates: Rates;
  /** Each rating level's share of N. */
  shares: Record<Rating, number | null>;
}

export function ratedCounts(counts: RateCounts, targets: Targets): RatedCounts {
  return { counts, rates: computeRates(counts, targets), shares: ratingShares(counts) };
}

/** One group of a report (a level, unit, field, month or the total): its key, its label and its figures. */
export interface RateGroup extends RatedCounts {
  key: string;
  label: string;
}

export function rateGroup(key: string, label: string, counts: RateCounts, targets: Targets): RateGroup {
  return { key, label, ...ratedCounts(counts, targets) };
}
