/** The signed-in user's overview: today and this month for their unit subtree. */
import { findUnitById } from "~db/repositories/units";
import { scopeUnitIds } from "~/auth/authorize.server";
import type { CurrentUser } from "~/auth/session.server";
import type { AppContext } from "~/context";
import type { RatedCounts } from "~/domain/rates";
import { endOfMonth, localDateOf, startOfMonth } from "~/domain/time";
import { unitsRates } from "./rates-report.server";
import { targetsForYear } from "./targets.server";

export interface PeriodSummary extends RatedCounts {
  from: string;
  to: string;
}

export async function loadOverview(app: AppContext, user: CurrentUser) {
  const today = localDateOf(app.now());
  const targets = await targetsForYear(app.db, Number(today.slice(0, 4)));
  const unitIds = await scopeUnitIds(app, user);
  const unit = user.unitId === null ? null : await findUnitById(app.db, user.unitId);
  const summarise = async (from: string, to: string): Promise<PeriodSummary> => ({
    from,
    to,
    ...(await unitsRates(app.db, { from, to, unitIds }, targets)),
  });
  const [day, month] = await Promise.all([summarise(today, today), summarise(startOfMonth(today), endOfMonth(today))]);
  return { today, unit: unit ? { code: unit.code, name: unit.name } : null, targets, day, month };
}
