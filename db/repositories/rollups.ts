/**
 * Rollups: aggregate counts kept in the same transaction as the responses they
 * count, so reports read a few thousand rollup rows instead of millions of
 * responses. Three grains: desk × day, desk × day × field, desk × day × hour.
 * Every grain also carries the unit and its level at the time of the response.
 */
import { type Kysely, sql } from "kysely";
import type { Database, Rating, RollupCounts, UnitLevel } from "../schema";

type Db = Kysely<Database>;

export const ROLLUP_COUNT_COLUMNS = [
  "total",
  "very_satisfied",
  "satisfied",
  "neutral",
  "dissatisfied",
  "harassment",
  "on_time_yes",
  "on_time_answered",
  "suspect",
] as const satisfies readonly (keyof RollupCounts)[];

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

type Grain = "rollup_day" | "rollup_day_field" | "rollup_day_hour";

const GRAINS: { table: Grain; key: (r: RollupSource) => Record<string, string | number> }[] = [
  {
    table: "rollup_day",
    key: (r) => ({ local_date: r.local_date, desk_id: r.desk_id, unit_id: r.unit_id, unit_level: r.unit_level }),
  },
  {
    table: "rollup_day_field",
    key: (r) => ({
      local_date: r.local_date,
      desk_id: r.desk_id,
      unit_id: r.unit_id,
      unit_level: r.unit_level,
      field_code: r.field_code ?? "",
    }),
  },
  {
    table: "rollup_day_hour",
    key: (r) => ({
      local_date: r.local_date,
      desk_id: r.desk_id,
      unit_id: r.unit_id,
      unit_level: r.unit_level,
      local_hour: r.local_hour,
    }),
  },
];

/**
 * Adds (sign +1) or removes (sign -1) responses from every rollup grain.
 * Call inside the transaction that stores or changes the responses.
 */
export async function applyToRollups(db: Db, sources: readonly RollupSource[], sign: 1 | -1 = 1): Promise<void> {
  if (sources.length === 0) return;
  for (const grain of GRAINS) {
    const rows = new Map<string, Record<string, string | number>>();
    for (const source of sources) {
      const key = grain.key(source);
      const id = JSON.stringify(key);
      let row = rows.get(id);
      if (!row) {
        row = { ...key };
        for (const c of ROLLUP_COUNT_COLUMNS) row[c] = 0;
        rows.set(id, row);
      }
      const delta = rollupDelta(source);
      for (const c of ROLLUP_COUNT_COLUMNS) (row[c] as number) += sign * delta[c];
    }
    const keyColumns = Object.keys(grain.key(sources[0]));
    for (const row of rows.values()) {
      await db
        .insertInto(grain.table)
        .values(row as never)
        .onConflict((oc) =>
          oc
            .columns(keyColumns as never)
            .doUpdateSet(
              Object.fromEntries(
                ROLLUP_COUNT_COLUMNS.map((c) => [
                  c,
                  sql`${sql.ref(`${grain.table}.${c}`)} + ${sql.ref(`excluded.${c}`)}`,
                ])
              ) as never
            )
        )
        .execute();
    }
  }
}

export interface RollupFilter {
  from: string;
  to: string;
  /** Restrict to these units (a scope's subtree); undefined for all. */
  unitIds?: readonly number[];
}

/** Summed counts per unit and level over a date range, from the day grain. */
export async function sumDayRollupsByUnit(
  db: Db,
  filter: RollupFilter
): Promise<(RollupCounts & { unit_id: number; unit_level: UnitLevel })[]> {
  let q = db
    .selectFrom("rollup_day")
    .select(["unit_id", "unit_level"])
    .select((eb) => ROLLUP_COUNT_COLUMNS.map((c) => eb.fn.sum<number>(c).as(c)))
    .where("local_date", ">=", filter.from)
    .where("local_date", "<=", filter.to);
  if (filter.unitIds) {
    if (filter.unitIds.length === 0) return [];
    q = q.where("unit_id", "in", filter.unitIds);
  }
  const rows = await q.groupBy(["unit_id", "unit_level"]).execute();
  return rows.map((r) => {
    const out = { unit_id: r.unit_id, unit_level: r.unit_level } as RollupCounts & {
      unit_id: number;
      unit_level: UnitLevel;
    };
    for (const c of ROLLUP_COUNT_COLUMNS) out[c] = Number(r[c] ?? 0);
    return out;
  });
}
