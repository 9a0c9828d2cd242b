/**
 * The officer rollup's month grain (issue 18): a range's whole months are
 * summed from it and the days at either end from the day grain, so a report
 * by officer reads one row per officer and month; removing a response takes
 * it out of both grains.
 */
import { describe, expect, it } from "vitest";
import { type OfficerRollupSource, sumOfficerRollups } from "~db/repositories/officers";
import { applyToRollups } from "~db/repositories/rollups";
import { CLI_ACTOR } from "~/cli/basics.server";
import { createOfficer } from "~/officers/officers.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, rollupSource, seedReference } from "../../helpers/fixtures";

describe.each(databaseFactories())("the officer rollup by month on $label", (factory) => {
  const testApp = useTestApp(factory, seedReference);

  it("sums whole months from the month grain and the edge days from the day grain", async () => {
    const app = testApp();
    app.setNow("2026-12-02T03:00:00Z");
    const at = await createUnitWithDesk(app, { code: "01", name: "Xã Thử", level: "commune" });
    const officer = await createOfficer(app.db, CLI_ACTOR, app.now(), {
      desk: at.desk,
      code: "CB-001",
      name: "Nguyễn Thị Lan",
      pin: null,
    });
    const source = (localDate: string, rating: "satisfied" | "dissatisfied"): OfficerRollupSource =>
      rollupSource(at, localDate, { rating, officerId: officer.id });
    const sources = [
      source("2026-10-31", "satisfied"),
      source("2026-11-01", "satisfied"),
      source("2026-11-15", "dissatisfied"),
      source("2026-11-30", "satisfied"),
      source("2026-12-01", "satisfied"),
    ];
    await app.db.transaction().execute((trx) => applyToRollups(trx, sources, 1));

    const months = await app.db.selectFrom("rollup_month_officer").selectAll().orderBy("month").execute();
    expect(months.map((m) => [m.month, Number(m.total), Number(m.dissatisfied)])).toEqual([
      ["2026-10", 1, 0],
      ["2026-11", 3, 1],
      ["2026-12", 1, 0],
    ]);
    const totals = async (from: string, to: string) =>
      (await sumOfficerRollups(app.db, { from, to })).map((r) => [r.code, r.total, r.dissatisfied]);
    expect(await totals("2026-10-31", "2026-12-01")).toEqual([["CB-001", 5, 1]]); // a day, a whole month, a day
    expect(await totals("2026-11-01", "2026-11-30")).toEqual([["CB-001", 3, 1]]); // the whole month alone
    expect(await totals("2026-11-15", "2026-12-01")).toEqual([["CB-001", 3, 1]]); // days only
    expect(await totals("2026-11-02", "2026-11-14")).toEqual([]);

    // Taken out again (a response flagged as spam): out of both grains.
    await app.db.transaction().execute((trx) => applyToRollups(trx, [sources[2]], -1));
    expect(await totals("2026-11-01", "2026-11-30")).toEqual([["CB-001", 2, 0]]);
    expect(await totals("2026-11-15", "2026-11-15")).toEqual([["CB-001", 0, 0]]);
  });
});
