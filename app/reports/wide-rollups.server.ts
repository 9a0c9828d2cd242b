/**
 * The wide rollups (by field, by weekday × hour) over any range: whole months
 * from the month grains, the days at either end from the day grains. A year
 * of a 150-desk province reads ~30,000 month rows instead of ~800,000 day rows.
 */
import type { DB } from "~db/connection";
import { type RollupFilter, type RollupSums, sumRollups } from "~db/repositories/rollups";
import { splitByWholeMonths } from "~/domain/periods";
import { type RateCounts, addCounts, emptyCounts } from "~/domain/rates";
import { weekdayOf } from "~/domain/time";

type Keyed<K extends string> = RateCounts & Record<K, string | number>;

/** Adds up rows with the same keys. */
function merge<K extends string>(rows: readonly Keyed<K>[], keys: readonly K[]): Keyed<K>[] {
  const out = new Map<string, Keyed<K>>();
  for (const row of rows) {
    const id = keys.map((k) => row[k]).join("\u0000");
    let sum = out.get(id);
    if (!sum) {
      sum = { ...emptyCounts(), ...Object.fromEntries(keys.map((k) => [k, row[k]])) } as Keyed<K>;
      out.set(id, sum);
    }
    addCounts(sum, row);
  }
  return [...out.values()];
}

/** Summed counts per procedure field ('' = none chosen). */
export async function fieldSums(db: DB, filter: RollupFilter): Promise<RollupSums<"field_code">[]> {
  const { months, days } = splitByWholeMonths(filter.from, filter.to);
  const parts = await Promise.all([
    ...(months ? [sumRollups(db, "rollup_month_field", { ...filter, ...months }, ["field_code"])] : []),
    ...days.map((d) => sumRollups(db, "rollup_day_field", { ...filter, ...d }, ["field_code"])),
  ]);
  return merge(parts.flat(), ["field_code"]) as RollupSums<"field_code">[];
}

/** Summed counts per weekday (0 = Monday) and local hour. */
export async function weekdayHourSums(db: DB, filter: RollupFilter): Promise<RollupSums<"weekday" | "local_hour">[]> {
  const { months, days } = splitByWholeMonths(filter.from, filter.to);
  const [monthly, ...daily] = await Promise.all([
    months ? sumRollups(db, "rollup_month_hour", { ...filter, ...months }, ["weekday", "local_hour"]) : [],
    ...days.map((d) => sumRollups(db, "rollup_day_hour", { ...filter, ...d }, ["local_date", "local_hour"])),
  ]);
  const fromDays = daily.flat().map(({ local_date, ...row }) => ({ ...row, weekday: weekdayOf(local_date) }));
  return merge([...monthly, ...fromDays], ["weekday", "local_hour"]) as RollupSums<"weekday" | "local_hour">[];
}
