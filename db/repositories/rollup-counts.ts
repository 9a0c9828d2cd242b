/**
 * Rollup counts summed in SQL and read back: one select expression per count,
 * named as `RollupCounts` names it, and the row's sums as numbers
 * (PostgreSQL's sums are bigints, which the driver reads as strings); the rows
 * an upsert adds to a grain, and rows added up by their keys. Shared by the
 * rollups and the officers' rollup.
 */
import { type Kysely, sql } from "kysely";
import { ROLLUP_COUNT_KEYS, addRollupCounts } from "~/domain/response";
import { endOfMonth } from "~/domain/time";
import { type Database, ROLLUP_COUNT_COLUMN, type RollupCounts } from "../schema";

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

/**
 * A grain's rows for an upsert: per distinct key (the values `keyOf` gives,
 * joined), the key's values then its counts, each the sum of its sources'
 * `deltas` times `sign` (+1 adds, -1 removes). A source whose `keyOf` is null
 * is left out.
 */
export function deltaRows<S>(
  sources: readonly S[],
  deltas: readonly RollupCounts[],
  keyOf: (source: S) => (string | number)[] | null,
  sign: 1 | -1
): (string | number)[][] {
  // Rows by their key values joined (NUL never occurs in dates, codes or ids).
  const rows = new Map<string, (string | number)[]>();
  sources.forEach((source, i) => {
    const key = keyOf(source);
    if (!key) return;
    const id = key.join("\u0000");
    let row = rows.get(id);
    if (!row) {
      row = [...key, ...ROLLUP_COUNT_KEYS.map(() => 0)];
      rows.set(id, row);
    }
    ROLLUP_COUNT_KEYS.forEach((c, k) => ((row[key.length + k] as number) += sign * deltas[i][c]));
  });
  return [...rows.values()];
}

/**
 * Rows added up by their id, in the order the ids first come: an id's first
 * row starts its sum (`start`, a new object), the others' counts are added to it.
 */
export function sumsById<R, I, S extends RollupCounts>(
  rows: Iterable<R>,
  idOf: (row: R) => I,
  countsOf: (row: R) => RollupCounts,
  start: (row: R) => S
): Map<I, S> {
  const sums = new Map<I, S>();
  for (const row of rows) {
    const id = idOf(row);
    const sum = sums.get(id);
    if (sum) addRollupCounts(sum, countsOf(row));
    else sums.set(id, start(row));
  }
  return sums;
}

/**
 * Whether no response is dated after `date` in its month (no day row of the
 * rollup, which every response enters): then each month grain's rows for that
 * month hold exactly the days up to `date`, and the month so far can be read
 * from them — one row per desk instead of one per desk and day, which at the
 * end of a month is thirty times fewer.
 */
async function monthEndsBy(db: Kysely<Database>, date: string): Promise<boolean> {
  const later = await db
    .selectFrom("rollup_day")
    .select("local_date")
    .where("local_date", ">", date)
    .where("local_date", "<=", endOfMonth(date))
    .limit(1)
    .executeTakeFirst();
  return later === undefined;
}

/**
 * The days from a month's 1st to `date`, read from its month grain (`fromMonth`) when nothing in the month is
 * dated after `date`, else from its day grain (`fromDays`). Checked before and after the month's read: an answer
 * dated later that commits meanwhile sends the read to the days.
 */
export async function readMonthSoFar<T>(
  db: Kysely<Database>,
  date: string,
  fromMonth: () => Promise<T>,
  fromDays: () => Promise<T>
): Promise<T> {
  if (await monthEndsBy(db, date)) {
    const rows = await fromMonth();
    if (await monthEndsBy(db, date)) return rows;
  }
  return fromDays();
}
