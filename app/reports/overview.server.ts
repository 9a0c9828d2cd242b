/** The signed-in user's overview: today and this month for their unit subtree. */
import { findUnitById } from "~db/repositories/units";
import { sumDayRollupsByUnit } from "~db/repositories/rollups";
import { scopeUnitIds } from "~/auth/authorize.server";
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

export async function loadOverview(app: AppContext, user: CurrentUser) {
  const today = localDateOf(app.now());
  const targets = await targetsForYear(app.db, Number(today.slice(0, 4)));
  const unitIds = await scopeUnitIds(app, user);
  const unit = user.unitId === null ? null : await findUnitById(app.db, user.unitId);
  const summarise = async (from: string, to: string): Promise<PeriodSummary> => {
    const rows = await sumDayRollupsByUnit(app.db, { from, to, unitIds });
    const counts = rows.reduce((acc, row) => addCounts(acc, row), emptyCounts());
    return { from, to, counts, rates: computeRates(counts, targets) };
  };
  const [day, month] = await Promise.all([summarise(today, today), summarise(startOfMonth(today), endOfMonth(today))]);
  return { today, unit: unit ? { code: unit.code, name: unit.name } : null, targets, day, month };
}
