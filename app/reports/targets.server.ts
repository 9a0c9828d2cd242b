import type { DB } from "~db/connection";
import { findTargets } from "~db/repositories/settings";
import { DEFAULT_TARGETS, type Targets } from "~/domain/rates";

/** The targets set for a year, or the resolution's defaults. */
export async function targetsForYear(db: DB, year: number): Promise<Targets> {
  const row = await findTargets(db, year);
  return row
    ? { satisfaction: row.satisfaction, harassment: row.harassment, onTime: row.on_time, minSample: row.min_sample }
    : DEFAULT_TARGETS;
}
