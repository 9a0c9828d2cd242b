import type { DB } from "~db/connection";
import { findTargets, listBaselines } from "~db/repositories/settings";
import { DEFAULT_TARGETS, type Targets } from "~/domain/rates";

/** The targets set for a year, or the resolution's defaults. */
export async function targetsForYear(db: DB, year: number): Promise<Targets> {
  const row = await findTargets(db, year);
  return row
    ? { satisfaction: row.satisfaction, harassment: row.harassment, onTime: row.onTime, minSample: row.minSample }
    : DEFAULT_TARGETS;
}

export interface Baseline {
  year: number;
  satisfaction: number;
  harassment: number;
  onTime: number | null;
}

/** What a report prints beside its targets: the resolution that set them and the baselines, each only when entered. */
export interface TargetContext {
  /** The year whose targets apply: the one the period ends in (docs/domain.md). */
  year: number;
  /** «Nghị quyết số …/NQ-HĐND …», or null when none was entered for that year (the defaults apply). */
  resolution: string | null;
  /** Entered baselines of years before `year`, oldest first. */
  baselines: Baseline[];
}

export async function targetContext(db: DB, to: string): Promise<TargetContext> {
  const year = Number(to.slice(0, 4));
  const [row, baselines] = await Promise.all([findTargets(db, year), listBaselines(db)]);
  return {
    year,
    resolution: row?.resolution?.trim() || null,
    baselines: baselines
      .filter((b) => b.year < year)
      .map((b) => ({ year: b.year, satisfaction: b.satisfaction, harassment: b.harassment, onTime: b.onTime })),
  };
}
