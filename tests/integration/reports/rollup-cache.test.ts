/**
 * Report sums kept in memory (ADR 063): a month's sums are read from the
 * rollups once and then served from memory until that month's rollups change
 * — through this process, another one (the CLI, a second server) or a
 * rebuild — and a transaction never reads or fills the memory.
 */
import { describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { openCases, setCasesSuspect, updateCase } from "~db/repositories/cases";
import { applyToRollups, rebuildRollups, sumRollups } from "~db/repositories/rollups";
import { caseSection } from "~/reports/case-section.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { openTestCase } from "../../helpers/cases";
import { createUnitWithDesk, rollupSource, seedReference } from "../../helpers/fixtures";

describe.each(databaseFactories())("report sums kept in memory on $label", (factory) => {
  const testApp = useTestApp(factory, seedReference);

  it("serves a month's sums from memory until that month's rollups change, wherever they change", async () => {
    const app = testApp();
    app.setNow("2026-12-02T03:00:00Z");
    const desk = await createUnitWithDesk(app, { code: "01", name: "Xã Thử", level: "commune" });
    const source = (localDate: string) => rollupSource(desk, localDate);
    await app.db.transaction().execute((trx) => applyToRollups(trx, [source("2026-10-15"), source("2026-11-03")]));
    const november = { from: "2026-11-01", to: "2026-11-30" };
    const total = async (db = app.db, range = november) =>
      (await sumRollups(db, range, ["unitId"])).reduce((sum, r) => sum + r.total, 0);
    expect(await total()).toBe(1);

    // Rows changed behind the rollups' back are not seen: the month's sums come from memory.
    await app.db.deleteFrom("rollup_month").where("month", "=", "2026-11").execute();
    expect(await total()).toBe(1);
    // October and November together: November from memory too, October read.
    expect(await total(app.db, { from: "2026-10-01", to: "2026-11-30" })).toBe(2);

    // Two late answers for November stored by another process: read again (the row deleted above is gone, the new ones count).
    const other = openDatabase(app.config.databaseUrl);
    try {
      await other.db.transaction().execute((trx) => applyToRollups(trx, [source("2026-11-20"), source("2026-11-22")]));
    } finally {
      await other.close();
    }
    expect(await total()).toBe(2);
    expect(await total(app.db, { from: "2026-10-01", to: "2026-11-30" })).toBe(3);

    // Inside a transaction: its own uncommitted rows are seen, and nothing it read is kept.
    await app.db
      .transaction()
      .execute(async (trx) => {
        await applyToRollups(trx, [source("2026-11-21")]);
        expect(await total(trx)).toBe(3);
        throw new Error("rolled back");
      })
      .catch((error: Error) => expect(error.message).toBe("rolled back"));
    expect(await total()).toBe(2);

    // A rebuild from the responses (none stored here): every month is read again.
    await rebuildRollups(app.db);
    expect(await total()).toBe(0);
    expect(await total(app.db, { from: "2026-10-01", to: "2026-11-30" })).toBe(0);
  });

  it("serves a period's cases from memory until a case opened in it changes, wherever it changes", async () => {
    const app = testApp();
    app.setNow("2026-12-02T03:00:00Z");
    const desk = await createUnitWithDesk(app, { code: "02", name: "Xã Thử Hai", level: "commune" });
    const at = (day: string) => new Date(`${day}T09:00:00+07:00`).toISOString();
    const section = async (db = app.db) => {
      const { total } = await caseSection(
        db,
        { from: "2026-11-01", to: "2026-11-30" },
        { route: () => undefined, groups: [] },
        { today: "2026-12-02", minSample: 1, totalLabel: "Tổng" }
      );
      return { opened: total.opened, concluded: total.concluded };
    };
    const first = await openTestCase(app.db, { ...ids(desk), at: at("2026-11-10"), dueOn: "2026-11-24" });
    expect(await section()).toEqual({ opened: 1, concluded: 0 });

    // Changed behind the repository's back: not seen, the period's cases come from memory.
    await app.db
      .updateTable("cases")
      .set({ status: "concluded", concluded_at: at("2026-11-12") })
      .execute();
    expect(await section()).toEqual({ opened: 1, concluded: 0 });
    // Concluded through the repository: read again.
    await updateCase(app.db, first.caseId, { status: "concluded", concludedAt: at("2026-11-13"), finding: "founded" });
    expect(await section()).toEqual({ opened: 1, concluded: 1 });

    // Opened by another process (its case removed behind our back first, then opened again through the repository).
    const second = await openTestCase(app.db, { ...ids(desk), at: at("2026-11-20"), dueOn: "2026-12-04" });
    expect(await section()).toEqual({ opened: 2, concluded: 1 });
    await app.db.deleteFrom("case_events").where("case_id", "=", second.caseId).execute();
    await app.db.deleteFrom("cases").where("id", "=", second.caseId).execute();
    expect(await section()).toEqual({ opened: 2, concluded: 1 });
    const other = openDatabase(app.config.databaseUrl);
    try {
      await other.db
        .transaction()
        .execute((trx) =>
          openCases(trx, [
            { responseId: second.responseId, ...ids(desk), openedAt: at("2026-11-21"), dueOn: "2026-12-05" },
          ])
        );
    } finally {
      await other.close();
    }
    expect(await section()).toEqual({ opened: 2, concluded: 1 });
    // Marked suspect: no longer counted.
    await setCasesSuspect(app.db, [first.responseId], 1, at("2026-11-25"), null);
    expect(await section()).toEqual({ opened: 1, concluded: 0 });
  });
});

function ids(desk: { unit: { id: number }; desk: { id: number } }) {
  return { unitId: desk.unit.id, deskId: desk.desk.id };
}
