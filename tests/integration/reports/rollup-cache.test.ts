/**
 * Report sums kept in memory (ADR 063): a month's sums are read from the
 * rollups once and then served from memory until that month's rollups change
 * — through this process, another one (the CLI, a second server) or a
 * rebuild — and a transaction never reads or fills the memory.
 */
import { describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { openCases, setCasesSuspect, updateCase } from "~db/repositories/cases";
import { insertDesk, moveDesksToUnit, updateDesk } from "~db/repositories/desks";
import { insertOfficer, moveOfficer, renameOfficer, sumOfficerRollups } from "~db/repositories/officers";
import { applyToRollups, rebuildRollups, sumRollups } from "~db/repositories/rollups";
import { insertUnit, subtreeUnits, updateUnit } from "~db/repositories/units";
import { caseSection } from "~/reports/case-section.server";
import type { AppContext } from "~/context";
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

  it("keeps a long range's earlier parts added up as one, and adds the latest part to them on every read", async () => {
    const app = testApp();
    app.setNow("2026-12-02T03:00:00Z");
    const { desk, officer, source } = await deskWithOfficer(app, "03", "Xã Thử Ba", "Lê Văn Ba");
    // Four parts: 15–30/9 and 1–2/12 from the day grain, October, and November (the last whole month) apart.
    await app.db
      .transaction()
      .execute((trx) => applyToRollups(trx, ["2026-09-20", "2026-10-05", "2026-11-10", "2026-12-01"].map(source)));
    const range = { from: "2026-09-15", to: "2026-12-02" };
    // The whole installation's sums (those kept), this test's desk and officer read from them.
    const totals = async () => ({
      desks: (await sumRollups(app.db, range, ["unitId", "deskId"])).find((r) => r.deskId === desk.desk.id)?.total,
      officers: (await sumOfficerRollups(app.db, range)).find((r) => r.officerId === officer.id)?.total,
    });
    expect(await totals()).toEqual({ desks: 4, officers: 4 });

    // The earlier parts changed behind the rollups' back: not seen, while today's answers are.
    for (const table of ["rollup_day", "rollup_day_officer"] as const)
      await app.db.deleteFrom(table).where("local_date", "=", "2026-09-20").execute();
    await app.db.deleteFrom("rollup_month").where("month", "=", "2026-10").execute();
    await app.db.deleteFrom("rollup_month_officer").where("month", "=", "2026-10").execute();
    await app.db.transaction().execute((trx) => applyToRollups(trx, [source("2026-12-02")]));
    expect(await totals()).toEqual({ desks: 5, officers: 5 });

    // Two late answers for September: September is read again (without the row removed above) and the earlier
    // parts added up again; October still comes from memory, its month's counter has not moved.
    await app.db.transaction().execute((trx) => applyToRollups(trx, [source("2026-09-25"), source("2026-09-26")]));
    expect(await totals()).toEqual({ desks: 6, officers: 6 });
  });

  it("reads the month so far from the month grain, and from its days once answers are dated after it", async () => {
    const app = testApp();
    app.setNow("2027-01-02T03:00:00Z");
    const { desk, officer, source } = await deskWithOfficer(app, "05", "Xã Thử Năm", "Phạm Văn Năm");
    const other = await createUnitWithDesk(app, { code: "06", name: "Xã Thử Sáu", level: "commune" });
    await app.db.transaction().execute((trx) => applyToRollups(trx, [source("2027-01-01"), source("2027-01-02")]));
    const soFar = { from: "2027-01-01", to: "2027-01-02" };
    const totals = async () => ({
      desk: (await sumRollups(app.db, soFar, ["deskId"])).find((r) => r.deskId === desk.desk.id)?.total,
      officer: (await sumOfficerRollups(app.db, soFar)).find((r) => r.officerId === officer.id)?.total,
    });
    expect(await totals()).toEqual({ desk: 2, officer: 2 });

    // The 1st's day rows removed behind the rollups' back, then an answer at another desk moves the month's
    // counter: read again, from the month grain (nothing is dated after the 2nd), which still holds the 1st.
    await app.db.deleteFrom("rollup_day").where("local_date", "=", "2027-01-01").execute();
    await app.db.deleteFrom("rollup_day_officer").where("local_date", "=", "2027-01-01").execute();
    await app.db.transaction().execute((trx) => applyToRollups(trx, [rollupSource(other, "2027-01-02")]));
    expect(await totals()).toEqual({ desk: 2, officer: 2 });

    // An answer dated the 3rd: the month grain would count it, so the 1st and 2nd come from the day grain.
    await app.db.transaction().execute((trx) => applyToRollups(trx, [source("2027-01-03")]));
    expect(await totals()).toEqual({ desk: 1, officer: 1 });
  });

  it("keeps the unit tree and the officer list until a unit, desk or officer changes through the repositories", async () => {
    const app = testApp();
    app.setNow("2026-12-02T03:00:00Z");
    const province = await insertUnit(app.db, {
      code: "90",
      name: "Tỉnh Thử",
      level: "province",
      createdAt: "2026-01-01T00:00:00Z",
    });
    const desk = await createUnitWithDesk(app, {
      code: "90001",
      name: "Xã Thử",
      level: "commune",
      parentId: province.id,
    });
    const officer = await insertOfficer(app.db, {
      code: "CB-90",
      name: "Trần Thị Bốn",
      deskId: desk.desk.id,
      pinHash: null,
      at: "2026-11-01T00:00:00Z",
    });
    await app.db
      .transaction()
      .execute((trx) => applyToRollups(trx, [rollupSource(desk, "2026-11-10", { officerId: officer.id })]));
    const november = { from: "2026-11-01", to: "2026-11-30" };
    const tree = async () => (await subtreeUnits(app.db, [province.id])).map((u) => u.name);
    const officers = async () =>
      (await sumOfficerRollups(app.db, november))
        .filter((o) => o.officerId === officer.id)
        .map((o) => `${o.name} · ${o.deskName} · ${o.unitName}`);
    expect(await tree()).toEqual(["Tỉnh Thử", "Xã Thử"]);
    expect(await officers()).toEqual(["Trần Thị Bốn · Một cửa Xã Thử · Xã Thử"]);

    // Renamed behind the repositories' back: not seen, the tree and the list come from memory.
    await app.db.updateTable("units").set({ name: "Xã Đổi Tên Lén" }).where("id", "=", desk.unit.id).execute();
    await app.db.updateTable("officers").set({ name: "Tên Lén" }).where("id", "=", officer.id).execute();
    expect(await tree()).toEqual(["Tỉnh Thử", "Xã Thử"]);
    expect(await officers()).toEqual(["Trần Thị Bốn · Một cửa Xã Thử · Xã Thử"]);

    // Each directory table's writes are seen at once: an officer renamed, a desk renamed, a unit added, a unit renamed.
    await renameOfficer(app.db, officer.id, "Trần Thị Năm");
    expect(await officers()).toEqual(["Trần Thị Năm · Một cửa Xã Thử · Xã Đổi Tên Lén"]);
    await updateDesk(app.db, desk.desk.id, { name: "Quầy số 1" });
    expect(await officers()).toEqual(["Trần Thị Năm · Quầy số 1 · Xã Đổi Tên Lén"]);
    await insertUnit(app.db, {
      code: "90002",
      name: "Xã Mới",
      level: "commune",
      parentId: province.id,
      createdAt: "2026-12-01T00:00:00Z",
    });
    expect(await tree()).toEqual(["Tỉnh Thử", "Xã Đổi Tên Lén", "Xã Mới"]);
    await updateUnit(app.db, desk.unit.id, { name: "Xã Thử Sau Sáp Nhập" });
    expect(await tree()).toEqual(["Tỉnh Thử", "Xã Thử Sau Sáp Nhập", "Xã Mới"]);
    expect(await officers()).toEqual(["Trần Thị Năm · Quầy số 1 · Xã Thử Sau Sáp Nhập"]);

    // Moved to another desk, then that desk's unit takes over the desks of another (a merger): seen at once.
    const second = await insertDesk(app.db, {
      code: "90001-Q2",
      name: "Quầy số 2",
      unitId: desk.unit.id,
      createdAt: "2026-12-01T00:00:00Z",
    });
    await moveOfficer(app.db, officer.id, second.id, "2026-12-01T00:00:00Z");
    expect(await officers()).toEqual(["Trần Thị Năm · Quầy số 2 · Xã Thử Sau Sáp Nhập"]);
    const merged = await createUnitWithDesk(app, {
      code: "90003",
      name: "Xã Sau Hợp Nhất",
      level: "commune",
      parentId: province.id,
    });
    await moveDesksToUnit(app.db, desk.unit.id, merged.unit.id);
    expect(await officers()).toEqual(["Trần Thị Năm · Quầy số 2 · Xã Sau Hợp Nhất"]);

    // Changed by another process through the repositories: seen.
    const other = openDatabase(app.config.databaseUrl);
    try {
      await renameOfficer(other.db, officer.id, "Trần Thị Sáu");
    } finally {
      await other.close();
    }
    expect(await officers()).toEqual(["Trần Thị Sáu · Quầy số 2 · Xã Sau Hợp Nhất"]);
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

  it("keeps a period's cases a month at a time: handling one month's case re-reads that month alone", async () => {
    const app = testApp();
    app.setNow("2026-12-02T03:00:00Z");
    const desk = await createUnitWithDesk(app, { code: "04", name: "Xã Thử Tư", level: "commune" });
    const at = (day: string) => new Date(`${day}T09:00:00+07:00`).toISOString();
    const opened = async () =>
      (
        await caseSection(
          app.db,
          { from: "2026-10-01", to: "2026-11-30", unitIds: [desk.unit.id] },
          { route: () => undefined, groups: [] },
          { today: "2026-12-02", minSample: 1, totalLabel: "Tổng" }
        )
      ).total.opened;
    const october = await openTestCase(app.db, { ...ids(desk), at: at("2026-10-10"), dueOn: "2026-10-24" });
    const november = await openTestCase(app.db, { ...ids(desk), at: at("2026-11-10"), dueOn: "2026-11-24" });
    expect(await opened()).toBe(2);

    // October's case marked suspect behind the repository's back, then November's case handled: October from memory.
    await app.db.updateTable("cases").set({ suspect: 1 }).where("id", "=", october.caseId).execute();
    await updateCase(app.db, november.caseId, {
      status: "concluded",
      concludedAt: at("2026-11-12"),
      finding: "founded",
    });
    expect(await opened()).toBe(2);
    // October's case handled through the repository: October read again.
    await updateCase(app.db, october.caseId, {
      status: "concluded",
      concludedAt: at("2026-10-12"),
      finding: "unfounded",
    });
    expect(await opened()).toBe(1);
  });
});

/** A commune's desk with an officer serving at it, and an answer there on a date, given to that officer. */
async function deskWithOfficer(app: AppContext, code: string, name: string, officerName: string) {
  const desk = await createUnitWithDesk(app, { code, name, level: "commune" });
  const officer = await insertOfficer(app.db, {
    code: `CB-${code}`,
    name: officerName,
    deskId: desk.desk.id,
    pinHash: null,
    at: "2026-01-01T00:00:00Z",
  });
  const source = (localDate: string) => rollupSource(desk, localDate, { officerId: officer.id });
  return { desk, officer, source };
}

function ids(desk: { unit: { id: number }; desk: { id: number } }) {
  return { unitId: desk.unit.id, deskId: desk.desk.id };
}
