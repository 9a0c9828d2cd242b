/** The signed-in user's overview: today and this month for their unit subtree. */
import { findUnitById, subtreeUnitIds } from "~db/repositories/units";
import { sumDayRollupsByUnit } from "~db/repositories/rollups";
import type { CurrentUser } from "~/auth/session.server";
import type { AppContext } from "~/context.server";
import { type RateCounts, type Rates, addCounts, computeRates, emptyCounts } from "~/domain/rates";
import { endOfMonth, localDateOf, startOfMonth } from "~/domain/time";
import { targetsForYear } from "./targets.server";

export interface PeriodSummary {
  from: string;
  to: string;
  counts: RateCounts;
  rates: Rates;
}

/** The unit ids a user may see: their unit's subtree, or everything (undefined) for a system admin. */
export async function scopeOf(app: AppContext, user: CurrentUser): Promise<number[] | undefined> {
  return user.unitId === null ? undefined : subtreeUnitIds(app.db, user.unitId);
}

export async function loadOverview(app: AppContext, user: CurrentUser) {
  const today = localDateOf(app.now());
  const targets = await targetsForYear(app.db, Number(today.slice(0, 4)));
  const unitIds = await scopeOf(app, user);
  const unit = user.unitId === null ? null : await findUnitById(app.db, user.unitId);
  const summarise = async (from: string, to: string): Promise<PeriodSummary> => {
    const rows = await sumDayRollupsByUnit(app.db, { from, to, unitIds });
    const counts = rows.reduce((acc, row) => addCounts(acc, row), emptyCounts());
    return { from, to, counts, rates: computeRates(counts, targets) };
  };
  const [day, month] = await Promise.all([
    summarise(today, today),
    summarise(startOfMonth(today), endOfMonth(today)),
  ]);
  return { today, unit: unit ? { code: unit.code, name: unit.name } : null, targets, day, month };
}
