/**
 * Rollups: aggregate counts kept in the same transaction as the responses they
 * count, so reports read a few thousand rollup rows instead of millions of
 * responses. Day grains: desk × day, desk × day × field, desk × day × hour;
 * month grains: desk × month, desk × month × field, desk × month × weekday ×
 * hour. Every grain also carries the unit and its level at the time of the
 * response. `GRAINS` describes them; writing (`applyToRollups`), reading
 * (`sumRollups`) and rebuilding (`rebuildRollups`) all follow that one list.
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";
import { isMonthSoFar, monthParts, splitByWholeMonths } from "~/domain/periods";
import { weekdayOf } from "~/domain/time";
import { multiRowInsert } from "../insert-values";
import { applyToAnswerRollups, rebuildAnswerRollups } from "./answer-rollups";
import { applyToOfficerRollups, rebuildOfficerRollups } from "./officers";
import { countsOf, deltaRows, readMonthSoFar, sumCounts, sumsById } from "./rollup-counts";
import { cachedPartSums, raiseAllRollupEpochs, raiseRollupEpochs } from "./rollup-cache";
import { RATINGS, RATING_COUNT, type RollupSource, rollupDelta } from "~/domain/response";
import {
  type Database,
  ROLLUP_COUNT_COLUMNS,
  type ResponseChannel,
  type RollupCounts,
  type UnitLevel,
} from "../schema";

type Db = Kysely<Database>;

export type RollupTable =
  | "rollup_day"
  | "rollup_day_field"
  | "rollup_day_hour"
  | "rollup_month"
  | "rollup_month_field"
  | "rollup_month_hour"
  | "rollup_day_channel"
  | "rollup_month_channel";

/** What rollup rows are keyed and grouped by; `month` (YYYY-MM) and `weekday` (0 = Monday) derive from the local date. */
interface KeyTypes {
  localDate: string;
  month: string;
  weekday: number;
  deskId: number;
  unitId: number;
  unitLevel: UnitLevel;
  fieldCode: string;
  localHour: number;
  channel: ResponseChannel;
}
export type RollupGroupKey = keyof KeyTypes;
export type RollupSums<K extends RollupGroupKey> = RollupCounts & { [P in K]: KeyTypes[P] };

/** The column of each key in the rollup tables (and the responses table). */
const COLUMN: { [K in RollupGroupKey]: string } = {
  localDate: "local_date",
  month: "month",
  weekday: "weekday",
  deskId: "desk_id",
  unitId: "unit_id",
  unitLevel: "unit_level",
  fieldCode: "field_code",
  localHour: "local_hour",
  channel: "channel",
};

/** A response's value for each key ('' for no field). */
const KEY_OF_RESPONSE: { [K in RollupGroupKey]: (r: RollupSource) => KeyTypes[K] } = {
  localDate: (r) => r.localDate,
  month: (r) => r.localDate.slice(0, 7),
  weekday: (r) => weekdayOf(r.localDate),
  deskId: (r) => r.deskId,
  unitId: (r) => r.unitId,
  unitLevel: (r) => r.unitLevel,
  fieldCode: (r) => r.fieldCode ?? "",
  localHour: (r) => r.localHour,
  channel: (r) => r.channel ?? "kiosk",
};

interface Grain {
  table: RollupTable;
  /** Its keys: the period (localDate or month) first, as the table's primary key. */
  keys: readonly RollupGroupKey[];
  /** What it is summed from: a day grain from the responses, a month grain from the day grain of the same detail. */
  from: "responses" | RollupTable;
}

const DESK_KEYS = ["deskId", "unitId", "unitLevel"] as const;

/** The grains, day grains first (a rebuild writes them in this order). */
const GRAINS: readonly Grain[] = [
  { table: "rollup_day", keys: ["localDate", ...DESK_KEYS], from: "responses" },
  { table: "rollup_day_field", keys: ["localDate", ...DESK_KEYS, "fieldCode"], from: "responses" },
  { table: "rollup_day_hour", keys: ["localDate", ...DESK_KEYS, "localHour"], from: "responses" },
  { table: "rollup_month", keys: ["month", ...DESK_KEYS], from: "rollup_day" },
  { table: "rollup_month_field", keys: ["month", ...DESK_KEYS, "fieldCode"], from: "rollup_day_field" },
  { table: "rollup_month_hour", keys: ["month", ...DESK_KEYS, "weekday", "localHour"], from: "rollup_day_hour" },
  // Last: a grouping or filter by channel reads these, every other one the grains above (ADR 055).
  { table: "rollup_day_channel", keys: ["localDate", ...DESK_KEYS, "channel"], from: "responses" },
  { table: "rollup_month_channel", keys: ["month", ...DESK_KEYS, "channel"], from: "rollup_day_channel" },
];

export const ROLLUP_TABLES: readonly RollupTable[] = GRAINS.map((g) => g.table);

/** Keys a table without them computes from its local_date. */
const DATE_DERIVED: ReadonlySet<RollupGroupKey> = new Set(["month", "weekday"]);

function columnsOf(source: Grain["from"]): readonly RollupGroupKey[] {
  return source === "responses"
    ? ["localDate", ...DESK_KEYS, "fieldCode", "localHour", "channel"]
    : GRAINS.find((g) => g.table === source)!.keys;
}

/** A key as SQL over a source: its own column, or derived from local_date where the source has none. */
function keyExpression(db: Db, key: RollupGroupKey, source: Grain["from"]) {
  if (columnsOf(source).includes(key)) {
    return key === "fieldCode" && source === "responses" ? sql<string>`coalesce(field_code, '')` : sql.ref(COLUMN[key]);
  }
  if (key === "month") return sql<string>`substr(local_date, 1, 7)`;
  if (key === "weekday") {
    return db.getExecutor().adapter instanceof PostgresAdapter
      ? sql<number>`(cast(extract(isodow from cast(local_date as date)) as integer) - 1)`
      : sql<number>`((cast(strftime('%w', local_date) as integer) + 6) % 7)`;
  }
  throw new Error(`${source} has no ${key}`);
}

/**
 * Adds (sign +1) or removes (sign -1) responses from every rollup grain, one
 * upsert statement per grain (per 1,000 rows). Call inside the transaction
 * that stores or changes the responses.
 */
export async function applyToRollups(db: Db, sources: readonly RollupSource[], sign: 1 | -1 = 1): Promise<void> {
  if (sources.length === 0) return;
  const deltas = sources.map(rollupDelta);
  for (const grain of GRAINS) {
    const list = deltaRows(sources, deltas, (source) => grain.keys.map((k) => KEY_OF_RESPONSE[k](source)), sign);
    // Chunks keep a statement under SQLite's 32,766 parameters (15 per row).
    for (let i = 0; i < list.length; i += UPSERT_CHUNK) {
      await upsert(
        db,
        grain.table,
        grain.keys.map((k) => COLUMN[k]),
        list.slice(i, i + UPSERT_CHUNK)
      );
    }
  }
  await applyToAnswerRollups(db, sources, sign);
  await applyToOfficerRollups(db, sources, sign);
  await raiseRollupEpochs(
    db,
    sources.map((s) => s.localDate.slice(0, 7))
  );
}

const UPSERT_CHUNK = 1000;

/** One multi-row upsert (db/insert-values.ts). Table and column names come from the fixed lists above. */
async function upsert(db: Db, table: RollupTable, keyColumns: readonly string[], rows: (string | number)[][]) {
  const tail =
    `on conflict (${keyColumns.map((c) => `"${c}"`).join(", ")}) do update set ` +
    ROLLUP_COUNT_COLUMNS.map((c) => `"${c}" = "${table}"."${c}" + excluded."${c}"`).join(", ");
  await db.executeQuery(multiRowInsert(db, table, [...keyColumns, ...ROLLUP_COUNT_COLUMNS], rows, tail));
}

export interface RollupFilter {
  /** Local dates, both included. */
  from: string;
  to: string;
  /** Restrict to these units (a scope's subtree); undefined for all. */
  unitIds?: readonly number[];
  /** Only responses given there (the channel grains, ADR 055); undefined for every channel. */
  channel?: ResponseChannel;
}

/** The sums of a rollup table's counts, as SQL expressions named as RollupCounts names them. */
const SUM_COUNTS = sumCounts();

/**
 * The grains that answer a grouping: the first day grain that holds (or
 * derives) every key, and the month grain summed from it when that holds
 * every key too.
 */
function grainsFor(keys: readonly RollupGroupKey[]): { day: Grain; month: Grain | null } {
  const day = GRAINS.find(
    (g) => g.from === "responses" && keys.every((k) => g.keys.includes(k) || DATE_DERIVED.has(k))
  );
  if (!day) throw new Error(`no rollup grain groups by ${keys.join(", ")}`);
  const month = GRAINS.find((g) => g.from === day.table && keys.every((k) => g.keys.includes(k))) ?? null;
  return { day, month };
}

/**
 * Summed counts over a date range, grouped by the given keys (none: one total
 * row). The one place that decides which grain serves which part of a range:
 * the whole months inside it come from a month grain, the days at either end
 * (app/domain/periods.ts, `splitByWholeMonths`) from the matching day grain,
 * so a year of a 150-desk province reads ~30,000 month rows instead of
 * ~800,000 day rows. Each read follows a grain's primary key from its first
 * column, so the cost grows with desks × days, never with responses.
 * `fieldCode` needs the field grains, `localHour` and `weekday` the hour grains.
 */
export async function sumRollups<K extends RollupGroupKey>(
  db: Db,
  filter: RollupFilter,
  keys: readonly K[]
): Promise<readonly RollupSums<K>[]> {
  if (filter.unitIds && filter.unitIds.length === 0) return [];
  const { day, month } = grainsFor(filter.channel ? [...keys, "channel"] : keys);
  const split = month ? splitByWholeMonths(filter.from, filter.to) : { months: null, days: [filter] };
  const parts = [
    // The last whole month apart: it is often the current one, whose rollups change all the time (ADR 063).
    ...(month && split.months ? monthParts(split.months).map((range) => ({ grain: month, range })) : []),
    ...split.days.map((range) => ({ grain: day, range })),
  ];
  return cachedPartSums(
    db,
    parts.map(({ grain, range }) => {
      const part = { ...filter, from: range.from, to: range.to };
      // The month so far (often today's part) from the month grain when nothing is dated after it.
      const read =
        month && grain === day && isMonthSoFar(range)
          ? () =>
              readMonthSoFar(
                db,
                range.to,
                () => sumGrain(db, month, part, keys),
                () => sumGrain(db, day, part, keys)
              )
          : () => sumGrain(db, grain, part, keys);
      return { key: partKey(grain, part, keys), ...range, read };
    }),
    (rows) => mergeSums(rows, keys)
  );
}

/** What a part's sums depend on besides the rollups: the grain, the range, the units, the channel and the keys. */
function partKey(grain: Grain, filter: RollupFilter, keys: readonly RollupGroupKey[]): string {
  const units = filter.unitIds ? filter.unitIds.join(",") : "*";
  return [grain.table, filter.from, filter.to, filter.channel ?? "", keys.join(","), units].join("|");
}

/** Adds up rows with the same keys. */
function mergeSums<K extends RollupGroupKey>(rows: readonly RollupSums<K>[], keys: readonly K[]): RollupSums<K>[] {
  // Built without an array per row: a country's year by desk adds up ~13,000 rows on every report.
  const idOf = (row: RollupSums<K>) => {
    let id = `${row[keys[0]] ?? ""}`;
    for (let i = 1; i < keys.length; i++) id += `\u0000${row[keys[i]]}`;
    return id;
  };
  return [
    ...sumsById(
      rows,
      idOf,
      (row) => row,
      (row) => Object.assign({}, row)
    ).values(),
  ];
}

async function sumGrain<K extends RollupGroupKey>(
  db: Db,
  grain: Grain,
  filter: RollupFilter,
  keys: readonly K[]
): Promise<RollupSums<K>[]> {
  const [column, from, to] =
    grain.keys[0] === "month"
      ? ["month", filter.from.slice(0, 7), filter.to.slice(0, 7)]
      : ["local_date", filter.from, filter.to];
  const groups = keys.map((k) => keyExpression(db, k, grain.table));
  let q = db
    .selectFrom(grain.table as "rollup_day")
    .select(groups.map((g, i) => g.as(keys[i])) as never)
    .select(SUM_COUNTS)
    .where(sql.ref(column), ">=", from)
    .where(sql.ref(column), "<=", to);
  if (filter.unitIds) q = q.where("unit_id", "in", filter.unitIds);
  if (filter.channel) q = q.where("channel" as never, "=", filter.channel as never);
  if (keys.length > 0) q = q.groupBy(groups);
  const rows = (await q.execute()) as Record<string, unknown>[];
  return rows
    .filter((r) => keys.length > 0 || r.total !== null)
    .map((r) => {
      // The keys come named as RollupSums names them (the select's aliases); the sums as numbers.
      const out = countsOf(r) as RollupSums<K>;
      for (const k of keys) (out as Record<string, unknown>)[k] = r[k];
      return out;
    });
}

/** Summed counts per unit and level over a date range. */
export function sumDayRollupsByUnit(
  db: Db,
  filter: RollupFilter
): Promise<readonly RollupSums<"unitId" | "unitLevel">[]> {
  return sumRollups(db, filter, ["unitId", "unitLevel"]);
}

/** What a response contributes, as SQL over the responses table (the same rules as `rollupDelta`), in ROLLUP_COUNT_KEYS order. */
const RESPONSE_COUNTS = [
  sql<number>`sum(case when suspect = 0 then 1 else 0 end)`.as("total"),
  ...RATINGS.map((rating) =>
    sql<number>`sum(case when suspect = 0 and rating = ${sql.lit(rating)} then 1 else 0 end)`.as(RATING_COUNT[rating])
  ),
  sql<number>`sum(case when suspect = 0 and harassment <> 0 then 1 else 0 end)`.as("harassment"),
  sql<number>`sum(case when suspect = 0 and on_time <> 0 then 1 else 0 end)`.as("onTimeYes"),
  sql<number>`sum(case when suspect = 0 and on_time is not null then 1 else 0 end)`.as("onTimeAnswered"),
  sql<number>`sum(case when suspect <> 0 then 1 else 0 end)`.as("suspect"),
];

export interface RebuildResult {
  responses: number;
  rows: Record<RollupTable, number>;
  /** Rows of the answer grains (answer-rollups.ts). */
  answerRows: Record<"rollup_day_answer" | "rollup_month_answer", number>;
  /** Rows of the officer grain (officers.ts). */
  officerRows: number;
}

/**
 * Recomputes every rollup grain from the raw responses, in one transaction:
 * readers see either the old rollups or the new ones. Opens its own
 * transaction: pass the database, not a transaction. On SQLite a rebuild run
 * by the CLI beside a serving app holds the write lock for its duration;
 * ingest requests that wait longer than the busy timeout answer 503 and the
 * tablets retry.
 */
export async function rebuildRollups(db: Db): Promise<RebuildResult> {
  return db.transaction().execute(async (trx) => {
    // New responses wait until the rebuild commits, so it counts each exactly once
    // (on SQLite the transaction's write lock does this).
    if (trx.getExecutor().adapter instanceof PostgresAdapter)
      await sql`lock table responses in share mode`.execute(trx);
    for (const table of ROLLUP_TABLES) await trx.deleteFrom(table).execute();
    // Day grains from the responses, then month grains from the day grains just written (the same sums, fewer rows).
    for (const grain of GRAINS) {
      const groups = grain.keys.map((k) => keyExpression(trx, k, grain.from));
      await trx
        .insertInto(grain.table)
        .columns([...grain.keys.map((k) => COLUMN[k]), ...ROLLUP_COUNT_COLUMNS] as never)
        .expression(
          trx
            .selectFrom(grain.from as "responses")
            .select(groups.map((g, i) => g.as(COLUMN[grain.keys[i]])) as never)
            .select(grain.from === "responses" ? RESPONSE_COUNTS : SUM_COUNTS)
            .groupBy(groups)
        )
        .execute();
    }
    const rows = {} as Record<RollupTable, number>;
    for (const table of ROLLUP_TABLES) {
      const row = await trx
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      rows[table] = Number(row.n);
    }
    const answerRows = await rebuildAnswerRollups(trx);
    const officerRows = await rebuildOfficerRollups(trx);
    const months = await trx.selectFrom("rollup_month").select("month").distinct().execute();
    await raiseAllRollupEpochs(
      trx,
      months.map((m) => m.month)
    );
    const responses = await trx
      .selectFrom("responses")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return { responses: Number(responses.n), rows, answerRows, officerRows };
  });
}
