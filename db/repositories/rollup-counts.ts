/**
 * Rollup counts summed in SQL and read back: one select expression per count,
 * named as `RollupCounts` names it, and the row's sums as numbers
 * (PostgreSQL's sums are bigints, which the driver reads as strings). Shared
 * by the rollups and the officers' rollup.
 */
import { sql } from "kysely";
import { ROLLUP_COUNT_KEYS } from "~/domain/response";
import { ROLLUP_COUNT_COLUMN, type RollupCounts } from "../schema";

/** `sum(column) as key` for every count; columns of `table` (an alias) when given. */
export function sumCounts(table?: string) {
  return ROLLUP_COUNT_KEYS.map((k) =>
    sql<number>`sum(${sql.ref(table ? `${table}.${ROLLUP_COUNT_COLUMN[k]}` : ROLLUP_COUNT_COLUMN[k])})`.as(k)
  );
}

/** A row's summed counts (named by `sumCounts`) as numbers. */
export function countsOf(r: Record<string, unknown>): RollupCounts {
  return {
    total: Number(r.total ?? 0),
    verySatisfied: Number(r.verySatisfied ?? 0),
    satisfied: Number(r.satisfied ?? 0),
    neutral: Number(r.neutral ?? 0),
    dissatisfied: Number(r.dissatisfied ?? 0),
    harassment: Number(r.harassment ?? 0),
    onTimeYes: Number(r.onTimeYes ?? 0),
    onTimeAnswered: Number(r.onTimeAnswered ?? 0),
    suspect: Number(r.suspect ?? 0),
  };
}
