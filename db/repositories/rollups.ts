/**
 * Rollups: aggregate counts kept in the same transaction as the responses they
 * count, so reports read a few thousand rollup rows instead of millions of
 * responses. Day grains: desk × day, desk × day × field, desk × day × hour;
 * month grains: desk × month, desk × month × field, desk × month × weekday ×
 * hour. Every grain also carries the unit and its level at the time of the response.
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";
import { multiRowInsert } from "../insert-values";
import { type Database, ROLLUP_COUNT_COLUMNS, type Rating, type RollupCounts, type UnitLevel } from "../schema";

type Db = Kysely<Database>;

/** The columns of a response that rollups need. */
export interface RollupSource {
  local_date: string;
  local_hour: number;
  desk_id: number;
  unit_id: number;
  unit_level: UnitLevel;
  field_code: string | null;
  rating: Rating;
  harassment: number;
  on_time: number | null;
  suspect: number;
}

/** What one response adds to a rollup row. Suspect responses count only as suspect. */
export function rollupDelta(r: RollupSource): RollupCounts {
  const delta: RollupCounts = {
    total: 0,
    very_satisfied: 0,
    satisfied: 0,
    neutral: 0,
    dissatisfied: 0,
    harassment: 0,
    on_time_yes: 0,
    on_time_answered: 0,
    suspect: 0,
  };
  if (r.suspect) {
    delta.suspect = 1;
    return delta;
  }
  delta.total = 1;
  delta[r.rating] = 1;
  delta.harassment = r.harassment ? 1 : 0;
  if (r.on_time !== null) {
    delta.on_time_answered = 1;
    delta.on_time_yes = r.on_time ? 1 : 0;
  }
  return delta;
}

export type RollupTable =
  | "rollup_day"
  | "rollup_day_field"
  | "rollup_day_hour"
  | "rollup_month"
  | "rollup_month_field"
  | "rollup_month_hour";

/** 0 = Monday … 6 = Sunday, the Vietnamese week. */
function weekdayOfDate(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

const DESK_COLUMNS = ["desk_id", "unit_id", "unit_level"] as const;
const month = (r: RollupSource) => r.local_date.slice(0, 7);

/** Each grain's key columns and a response's values for them, in that order. */
const GRAINS: { table: RollupTable; columns: readonly string[]; key: (r: RollupSource) => (string | number)[] }[] = [
  {
    table: "rollup_day",
    columns: ["local_date", ...DESK_COLUMNS],
    key: (r) => [r.local_date, r.desk_id, r.unit_id, r.unit_level],
  },
  {
    table: "rollup_day_field",
    columns: ["local_date", ...DESK_COLUMNS, "field_code"],
    key: (r) => [r.local_date, r.desk_id, r.unit_id, r.unit_level, r.field_code ?? ""],
  },
  {
    table: "rollup_day_hour",
    columns: ["local_date", ...DESK_COLUMNS, "local_hour"],
    key: (r) => [r.local_date, r.desk_id, r.unit_id, r.unit_level, r.local_hour],
  },
  {
    table: "rollup_month",
    columns: ["month", ...DESK_COLUMNS],
    key: (r) => [month(r), r.desk_id, r.unit_id, r.unit_level],
  },
  {
    table: "rollup_month_field",
    columns: ["month", ...DESK_COLUMNS, "field_code"],
    key: (r) => [month(r), r.desk_id, r.unit_id, r.unit_level, r.field_code ?? ""],
  },
  {
    table: "rollup_month_hour",
    columns: ["month", ...DESK_COLUMNS, "weekday", "local_hour"],
    key: (r) => [month(r), r.desk_id, r.unit_id, r.unit_level, weekdayOfDate(r.local_date), r.local_hour],
  },
];

export const ROLLUP_TABLES: readonly RollupTable[] = GRAINS.map((g) => g.table);
const MONTH_TABLES: ReadonlySet<RollupTable> = new Set(["rollup_month", "rollup_month_field", "rollup_month_hour"]);

/**
 * Adds (sign +1) or removes (sign -1) responses from every rollup grain, one
 * upsert statement per grain (per 1,000 rows). Call inside the transaction
 * that stores or changes the responses.
 */
export async function applyToRollups(db: Db, sources: readonly RollupSource[], sign: 1 | -1 = 1): Promise<void> {
  if (sources.length === 0) return;
  const deltas = sources.map(rollupDelta);
  for (const grain of GRAINS) {
    // Rows by their key values joined (NUL never occurs in dates, codes or ids).
    const rows = new Map<string, (string | number)[]>();
    sources.forEach((source, i) => {
      const key = grain.key(source);
      const id = key.join("\u0000");
      let row = rows.get(id);
      if (!row) {
        row = [...key, ...ROLLUP_COUNT_COLUMNS.map(() => 0)];
        rows.set(id, row);
      }
      ROLLUP_COUNT_COLUMNS.forEach((c, k) => ((row[key.length + k] as number) += sign * deltas[i][c]));
    });
    const list = [...rows.values()];
    // Chunks keep a statement under SQLite's 32,766 parameters (15 per row).
    for (let i = 0; i < list.length; i += UPSERT_CHUNK) {
      await upsert(db, grain.table, grain.columns, list.slice(i, i + UPSERT_CHUNK));
    }
  }
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
}

/** The sums of a rollup table's counts, as SQL expressions named after their columns. */
const SUM_COUNTS = ROLLUP_COUNT_COLUMNS.map((c) => sql<number>`sum(${sql.ref(c)})`.as(c));

/** What report queries may group by; `month` is the YYYY-MM of the local date. */
interface GroupKeyTypes {
  weekday: number;
  unit_id: number;
  desk_id: number;
  unit_level: UnitLevel;
  month: string;
  local_date: string;
  field_code: string;
  local_hour: number;
}
export type RollupGroupKey = keyof GroupKeyTypes;
export type RollupSums<K extends RollupGroupKey> = RollupCounts & { [P in K]: GroupKeyTypes[P] };

function groupExpression(key: RollupGroupKey, table: RollupTable) {
  return key === "month" && !MONTH_TABLES.has(table) ? sql<string>`substr(local_date, 1, 7)` : sql.ref(key);
}

/**
 * Summed counts over a date range, grouped by the given keys (none: one total
 * row). Reads the rollup table's primary key from its first column
 * (local_date, or month for the month grains, which take whole months), so
 * the cost grows with desks × days, never with responses. `field_code` needs
 * a field grain, `local_hour` an hour grain, `weekday` rollup_month_hour.
 * rollup_day grouped by unit, desk, level or month reads the whole months of
 * the range from rollup_month and only the days at either end from rollup_day.
 */
export async function sumRollups<K extends RollupGroupKey>(
  db: Db,
  table: RollupTable,
  filter: RollupFilter,
  keys: readonly K[]
): Promise<RollupSums<K>[]> {
  if (filter.unitIds && filter.unitIds.length === 0) return [];
  if (table === "rollup_day" && keys.every((k) => MONTH_GRAIN_KEYS.has(k))) {
    const split = splitAtWholeMonths(filter.from, filter.to);
    if (split.months) {
      const parts = await Promise.all(
        [["rollup_month", split.months] as const, ...split.days.map((d) => ["rollup_day", d] as const)].map(
          ([t, range]) => sumRollupTable(db, t, { ...filter, ...range }, keys)
        )
      );
      return mergeSums(parts.flat(), keys);
    }
  }
  return sumRollupTable(db, table, filter, keys);
}

/** Keys the desk × month grain can answer for (the day grain's, less local_date). */
const MONTH_GRAIN_KEYS: ReadonlySet<RollupGroupKey> = new Set(["unit_id", "desk_id", "unit_level", "month"]);

const lastDayOfMonth = (month: string) =>
  new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
const shiftDay = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A date range as the whole months inside it (as first and last day) and the
 * days at either end outside them; `months` is null when no month is whole.
 */
export function splitAtWholeMonths(
  from: string,
  to: string
): { months: { from: string; to: string } | null; days: { from: string; to: string }[] } {
  const first = from.endsWith("-01") ? from : shiftDay(lastDayOfMonth(from.slice(0, 7)), 1);
  const last = to === lastDayOfMonth(to.slice(0, 7)) ? to : shiftDay(`${to.slice(0, 7)}-01`, -1);
  if (first > last) return { months: null, days: [{ from, to }] };
  const days = [];
  if (from < first) days.push({ from, to: shiftDay(first, -1) });
  if (last < to) days.push({ from: shiftDay(last, 1), to });
  return { months: { from: first, to: last }, days };
}

/** Adds up rows with the same keys. */
function mergeSums<K extends RollupGroupKey>(rows: readonly RollupSums<K>[], keys: readonly K[]): RollupSums<K>[] {
  if (keys.length === 0 && rows.length === 0) return [];
  const out = new Map<string, RollupSums<K>>();
  for (const row of rows) {
    const id = keys.map((k) => row[k]).join("\u0000");
    const sum = out.get(id);
    if (!sum) out.set(id, { ...row });
    else for (const c of ROLLUP_COUNT_COLUMNS) sum[c] += row[c];
  }
  return [...out.values()];
}

async function sumRollupTable<K extends RollupGroupKey>(
  db: Db,
  table: RollupTable,
  filter: RollupFilter,
  keys: readonly K[]
): Promise<RollupSums<K>[]> {
  const [column, from, to] = MONTH_TABLES.has(table)
    ? ["month", filter.from.slice(0, 7), filter.to.slice(0, 7)]
    : ["local_date", filter.from, filter.to];
  let q = db
    .selectFrom(table as "rollup_day")
    .select(keys.map((k) => groupExpression(k, table).as(k)) as never)
    .select(SUM_COUNTS)
    .where(sql.ref(column), ">=", from)
    .where(sql.ref(column), "<=", to);
  if (filter.unitIds) q = q.where("unit_id", "in", filter.unitIds);
  if (keys.length > 0) q = q.groupBy(keys.map((k) => groupExpression(k, table)));
  const rows = (await q.execute()) as Record<string, unknown>[];
  return rows
    .filter((r) => keys.length > 0 || r.total !== null)
    .map((r) => {
      const out = {} as Record<string, unknown>;
      for (const k of keys) out[k] = r[k];
      for (const c of ROLLUP_COUNT_COLUMNS) out[c] = Number(r[c] ?? 0);
      return out as RollupSums<K>;
    });
}

/** Summed counts per unit and level over a date range, from the day grain. */
export function sumDayRollupsByUnit(db: Db, filter: RollupFilter): Promise<RollupSums<"unit_id" | "unit_level">[]> {
  return sumRollups(db, "rollup_day", filter, ["unit_id", "unit_level"]);
}

/** What a response contributes, as SQL over the responses table (the same rules as `rollupDelta`). */
const RESPONSE_COUNTS = [
  sql<number>`sum(case when suspect = 0 then 1 else 0 end)`.as("total"),
  ...(["very_satisfied", "satisfied", "neutral", "dissatisfied"] as const).map((rating) =>
    sql<number>`sum(case when suspect = 0 and rating = ${sql.lit(rating)} then 1 else 0 end)`.as(rating)
  ),
  sql<number>`sum(case when suspect = 0 and harassment <> 0 then 1 else 0 end)`.as("harassment"),
  sql<number>`sum(case when suspect = 0 and on_time <> 0 then 1 else 0 end)`.as("on_time_yes"),
  sql<number>`sum(case when suspect = 0 and on_time is not null then 1 else 0 end)`.as("on_time_answered"),
  sql<number>`sum(case when suspect <> 0 then 1 else 0 end)`.as("suspect"),
];

export interface RebuildResult {
  responses: number;
  rows: Record<RollupTable, number>;
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
    const base = ["local_date", "desk_id", "unit_id", "unit_level"] as const;
    // New responses wait until the rebuild commits, so it counts each exactly once
    // (on SQLite the transaction's write lock does this).
    if (trx.getExecutor().adapter instanceof PostgresAdapter)
      await sql`lock table responses in share mode`.execute(trx);
    for (const table of ROLLUP_TABLES) await trx.deleteFrom(table).execute();
    await trx
      .insertInto("rollup_day")
      .columns([...base, ...ROLLUP_COUNT_COLUMNS])
      .expression(
        trx
          .selectFrom("responses")
          .select(base)
          .select(RESPONSE_COUNTS)
          .groupBy([...base])
      )
      .execute();
    const field = sql<string>`coalesce(field_code, '')`;
    await trx
      .insertInto("rollup_day_field")
      .columns([...base, "field_code", ...ROLLUP_COUNT_COLUMNS])
      .expression(
        trx
          .selectFrom("responses")
          .select(base)
          .select(field.as("field_code"))
          .select(RESPONSE_COUNTS)
          .groupBy([...base, field])
      )
      .execute();
    await trx
      .insertInto("rollup_day_hour")
      .columns([...base, "local_hour", ...ROLLUP_COUNT_COLUMNS])
      .expression(
        trx
          .selectFrom("responses")
          .select([...base, "local_hour"])
          .select(RESPONSE_COUNTS)
          .groupBy([...base, "local_hour"])
      )
      .execute();
    // The month grains from the day grains just written (the same sums, fewer rows).
    const month = sql<string>`substr(local_date, 1, 7)`;
    const monthBase = [month.as("month"), "desk_id", "unit_id", "unit_level"] as const;
    const groupBase = [month, sql.ref("desk_id"), sql.ref("unit_id"), sql.ref("unit_level")];
    await trx
      .insertInto("rollup_month")
      .columns(["month", "desk_id", "unit_id", "unit_level", ...ROLLUP_COUNT_COLUMNS])
      .expression(trx.selectFrom("rollup_day").select(monthBase).select(SUM_COUNTS).groupBy(groupBase))
      .execute();
    await trx
      .insertInto("rollup_month_field")
      .columns(["month", "desk_id", "unit_id", "unit_level", "field_code", ...ROLLUP_COUNT_COLUMNS])
      .expression(
        trx
          .selectFrom("rollup_day_field")
          .select([...monthBase, "field_code"])
          .select(SUM_COUNTS)
          .groupBy([...groupBase, sql.ref("field_code")])
      )
      .execute();
    const weekday =
      trx.getExecutor().adapter instanceof PostgresAdapter
        ? sql<number>`(cast(extract(isodow from cast(local_date as date)) as integer) - 1)`
        : sql<number>`((cast(strftime('%w', local_date) as integer) + 6) % 7)`;
    await trx
      .insertInto("rollup_month_hour")
      .columns(["month", "desk_id", "unit_id", "unit_level", "weekday", "local_hour", ...ROLLUP_COUNT_COLUMNS])
      .expression(
        trx
          .selectFrom("rollup_day_hour")
          .select([...monthBase, weekday.as("weekday"), "local_hour"])
          .select(SUM_COUNTS)
          .groupBy([...groupBase, weekday, sql.ref("local_hour")])
      )
      .execute();
    const rows = {} as Record<RollupTable, number>;
    for (const table of ROLLUP_TABLES) {
      const row = await trx
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      rows[table] = Number(row.n);
    }
    const responses = await trx
      .selectFrom("responses")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return { responses: Number(responses.n), rows };
  });
}
