/**
 * The rates report from rollups, against counts worked out by hand, read in
 * its public JSON shape (ratesReportJson, as the API and the CLI answer).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { insertDesk } from "~db/repositories/desks";
import { rebuildRollups } from "~db/repositories/rollups";
import { insertUnit } from "~db/repositories/units";
import { authenticateDevice, createDevice } from "~/devices/devices.server";
import { DEFAULT_TARGETS } from "~/domain/rates";
import { provinceYearReport, ratesReport } from "~/reports/rates-report.server";
import { type ReportBy, ratesReportJson } from "~/reports/report-model";
import { prepareReport } from "~/reports/query.server";
import { ScopeError, resolveScope } from "~/reports/scope.server";
import { buildReportDocument } from "~/reports/export/document.server";
import { describePeriod } from "~/domain/periods";
import { type TestApp, useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, seedReference } from "../../helpers/fixtures";
import { ingestMix, seedReportProvince } from "../../helpers/reports";

const ADMIN = { allowed: undefined, unitId: null };

function byKey<T extends { key: string }>(groups: T[]): Record<string, T> {
  return Object.fromEntries(groups.map((g) => [g.key, g]));
}

describe.each(databaseFactories())("rates report on $dialect", (factory) => {
  const testApp = useTestApp(factory);
  let app: TestApp;
  let fixture: Awaited<ReturnType<typeof seedReportProvince>>;
  beforeAll(async () => {
    app = testApp();
    fixture = await seedReportProvince(app);
  });

  async function report(by: ReportBy, from = "2026-10-01", to = "2026-11-30", unit: string | null = "01") {
    const scope = await resolveScope(app.db, ADMIN, unit);
    return ratesReportJson(
      await ratesReport(app.db, scope, { from, to, by }, { lang: "vi", targets: DEFAULT_TARGETS })
    );
  }

  it("totals the province: N 100, 94 satisfied, 2 harassment complaints, suspects only counted", async () => {
    const r = await report("level");
    expect(r).toMatchObject({
      from: "2026-10-01",
      to: "2026-11-30",
      scope: { code: "01", name: "Tỉnh Thử" },
      by: "level",
      targets: { satisfaction: 0.92, harassment: 0.01, onTime: 0.97, minSample: 30 },
    });
    expect(r.total).toMatchObject({
      key: "total",
      label: "Tổng cộng",
      total: 100,
      counts: { very_satisfied: 30, satisfied: 64, neutral: 1, dissatisfied: 5 },
      harassment: 2,
      suspect: 3,
      onTime: { yes: 36, answered: 37 },
      satisfaction: { rate: 0.94, meetsTarget: true },
      harassmentRate: { rate: 0.02, meetsTarget: false },
      onTimeRate: { rate: 36 / 37, meetsTarget: true },
    });
    expect(r.total.dissatisfaction).toMatchObject({ rate: 0.05, meetsTarget: null });
  });

  it("splits by level (the resolution's 03 cấp), each level judged on its own sample", async () => {
    const g = byKey((await report("level")).groups);
    expect(Object.keys(g)).toEqual(["province", "district", "commune"]);
    expect(g.province).toMatchObject({ label: "Cấp tỉnh", total: 40, satisfaction: { rate: 0.95, meetsTarget: true } });
    expect(g.province.harassmentRate).toMatchObject({ rate: 0, meetsTarget: true });
    expect(g.district).toMatchObject({ total: 30, satisfaction: { rate: 0.9, meetsTarget: false } });
    expect(g.district.harassmentRate).toMatchObject({ rate: 1 / 30, meetsTarget: false });
    expect(g.commune).toMatchObject({ total: 30, satisfaction: { rate: 29 / 30, meetsTarget: true } });
  });

  it("splits by the scope's children, each with its subtree, and the scope's own desks", async () => {
    const r = await report("unit");
    expect(r.groups.map((x) => [x.key, x.kind, x.level, x.total])).toEqual([
      ["01-MC", "desk", "province", 40],
      ["011", "unit", "district", 40],
      ["012", "unit", "district", 20],
    ]);
    const g = byKey(r.groups);
    expect(g["011"]).toMatchObject({ label: "Huyện A", satisfaction: { rate: 0.925, meetsTarget: true } });
    expect(g["011"].harassmentRate).toMatchObject({ rate: 0.025, meetsTarget: false });
    // 20 responses: shown, not judged.
    expect(g["012"].satisfaction).toMatchObject({ rate: 0.95, meetsTarget: null });
    expect(r.groups.reduce((n, x) => n + x.total, 0)).toBe(r.total.total);
  });

  it("drills down to a district's communes and a commune's desks", async () => {
    const district = await report("unit", "2026-10-01", "2026-11-30", "011");
    expect(district.groups.map((x) => [x.key, x.total, x.satisfaction.rate])).toEqual([
      ["011-MC", 30, 0.9],
      ["01101", 10, 1],
      ["01102", 0, null],
    ]);
    const commune = await report("unit", "2026-10-01", "2026-11-30", "01101");
    expect(commune.groups.map((x) => [x.key, x.kind, x.total])).toEqual([["01101-MC", "desk", 10]]);
  });

  it("splits by procedure field, with 'no field' last", async () => {
    const r = await report("field");
    const g = byKey(r.groups);
    expect(g.dat_dai).toMatchObject({ label: "Đất đai", total: 30 });
    expect(g.thue).toMatchObject({ label: "Thuế", total: 20 });
    expect(r.groups.at(-1)).toMatchObject({ key: "", label: "Không chọn lĩnh vực", total: 50 });
    expect(r.total.total).toBe(100);
  });

  it("adds whole months from the month grain to the days at either end", async () => {
    const total = async (from: string, to: string) => (await report("field", from, to)).total.total;
    expect(await total("2026-10-15", "2026-11-30")).toBe(100);
    expect(await total("2026-10-16", "2026-11-30")).toBe(80);
    expect(await total("2026-09-15", "2026-11-11")).toBe(60);
    const g = byKey((await report("field", "2026-10-15", "2026-12-10")).groups);
    expect([g.thue.total, g.dat_dai.total, g[""].total]).toEqual([20, 30, 50]);
  });

  it("splits by month, listing empty months too", async () => {
    const r = await report("month", "2026-09-01", "2026-11-30");
    expect(r.groups.map((x) => [x.key, x.label, x.total])).toEqual([
      ["2026-09", "Tháng 09/2026", 0],
      ["2026-10", "Tháng 10/2026", 20],
      ["2026-11", "Tháng 11/2026", 80],
    ]);
    expect(r.groups[0].satisfaction).toEqual({ rate: null, low: null, high: null, meetsTarget: null });
  });

  it("keeps to the date range, both ends included", async () => {
    expect((await report("level", "2026-11-12", "2026-11-12")).total.total).toBe(30);
    expect((await report("level", "2026-11-13", "2026-11-19")).total.total).toBe(0);
  });

  it("answers the same after a rebuild from raw responses", async () => {
    const before = await Promise.all((["level", "unit", "field", "month"] as const).map((by) => report(by)));
    await rebuildRollups(app.db);
    const after = await Promise.all((["level", "unit", "field", "month"] as const).map((by) => report(by)));
    expect(after).toEqual(before);
  });

  it("cuts a scope to what the viewer may see", async () => {
    const districtViewer = {
      allowed: [fixture.a.unit.id, fixture.a1.unit.id, fixture.a2.unit.id],
      unitId: fixture.a.unit.id,
    };
    const own = await resolveScope(app.db, districtViewer);
    expect(own.code).toBe("011");
    expect(own.ancestors).toEqual([]);
    await expect(resolveScope(app.db, districtViewer, "01")).rejects.toMatchObject({ reason: "forbidden" });
    await expect(resolveScope(app.db, districtViewer, "012")).rejects.toMatchObject({ reason: "forbidden" });
    await expect(resolveScope(app.db, ADMIN, "99999")).rejects.toBeInstanceOf(ScopeError);
    const commune = await resolveScope(app.db, districtViewer, "01101");
    expect(commune.ancestors).toEqual([{ code: "011", name: "Huyện A" }]);
    const admin = await resolveScope(app.db, ADMIN);
    expect(admin.code).toBe("01");
  });

  it("judges against the targets set for the year the period ends in", async () => {
    await app.db
      .insertInto("targets")
      .values({ year: 2026, satisfaction: 0.95, harassment: 0.03, on_time: 0.99, min_sample: 20 })
      .execute();
    try {
      const prepared = await prepareReport(app, null, { period: "2026-Q4", unit: "01", by: "unit" });
      if (!prepared.ok) throw new Error("not prepared");
      expect(prepared.targets).toEqual({ satisfaction: 0.95, harassment: 0.03, onTime: 0.99, minSample: 20 });
      const r = ratesReportJson(
        await ratesReport(
          app.db,
          prepared.scope,
          { from: "2026-10-01", to: "2026-12-31", by: "unit" },
          {
            lang: "vi",
            targets: prepared.targets,
          }
        )
      );
      const g = byKey(r.groups);
      expect(g["011"].satisfaction).toMatchObject({ rate: 0.925, meetsTarget: false }); // not above 95%
      expect(g["011"].harassmentRate).toMatchObject({ rate: 0.025, meetsTarget: true }); // below 3%
      expect(g["012"].satisfaction).toMatchObject({ rate: 0.95, meetsTarget: false }); // 20 ≥ min sample 20; not above 95%
      const previous = await prepareReport(app, null, { period: "2025", unit: "01" });
      expect(previous.ok && previous.targets).toEqual(DEFAULT_TARGETS);
    } finally {
      await app.db.deleteFrom("targets").execute();
    }
  });

  it("gives the province-year report in one call", async () => {
    const r = ratesReportJson(await provinceYearReport(app.db, "01", 2026));
    expect([r.from, r.to, r.by, r.total.total]).toEqual(["2026-01-01", "2026-12-31", "unit", 100]);
  });
});

describe.each(databaseFactories())("the resolution's 2016 and 2019 figures on $dialect", (factory) => {
  const testApp = useTestApp(factory);
  let app: TestApp;
  beforeAll(async () => {
    app = testApp();
    await seedReference(app);
    const p = await createUnitWithDesk(app, { code: "05", name: "Tỉnh Mẫu", level: "province" });
    const d = await createUnitWithDesk(app, { code: "051", name: "Huyện Mẫu", level: "district", parentId: p.unit.id });
    const c = await createUnitWithDesk(app, { code: "05101", name: "Xã Mẫu", level: "commune", parentId: d.unit.id });
    // 2016: 255 + 245 + 330 = 830 satisfied, 5 + 6 + 6 = 17 harassment complaints, of 1,000.
    await ingestMix(
      app,
      p.identity,
      { very_satisfied: 120, satisfied: 135, neutral: 30, dissatisfied: 15, harassment: 5 },
      "2016-06-15"
    );
    await ingestMix(app, d.identity, { satisfied: 245, neutral: 30, dissatisfied: 25, harassment: 6 }, "2016-06-15");
    await ingestMix(app, c.identity, { satisfied: 330, neutral: 40, dissatisfied: 30, harassment: 6 }, "2016-09-01");
    // 2019: 285 + 270 + 365 = 920 satisfied, 2 + 3 + 5 = 10 harassment complaints, of 1,000.
    await ingestMix(app, p.identity, { satisfied: 285, neutral: 10, dissatisfied: 5, harassment: 2 }, "2019-03-01");
    await ingestMix(app, d.identity, { satisfied: 270, neutral: 20, dissatisfied: 10, harassment: 3 }, "2019-03-01");
    await ingestMix(app, c.identity, { satisfied: 365, neutral: 20, dissatisfied: 15, harassment: 5 }, "2019-11-30");
  });

  async function year(y: number) {
    const scope = await resolveScope(app.db, ADMIN, "05");
    return ratesReportJson(
      await ratesReport(
        app.db,
        scope,
        { from: `${y}-01-01`, to: `${y}-12-31`, by: "level" },
        { lang: "vi", targets: DEFAULT_TARGETS }
      )
    );
  }

  it("2016: 83% satisfied, 1.7% harassment — neither target met", async () => {
    const r = await year(2016);
    expect(r.total).toMatchObject({ total: 1000, harassment: 17 });
    expect(r.total.satisfaction).toMatchObject({ rate: 0.83, meetsTarget: false });
    expect(r.total.harassmentRate).toMatchObject({ rate: 0.017, meetsTarget: false });
    const g = byKey(r.groups);
    expect([g.province.satisfaction.rate, g.district.satisfaction.rate, g.commune.satisfaction.rate]).toEqual([
      0.85,
      245 / 300,
      0.825,
    ]);
  });

  it("2019: exactly 92% and 1% — on the boundary, so not met; Wilson 90.15%–93.53%", async () => {
    const r = await year(2019);
    expect(r.total).toMatchObject({ total: 1000, counts: { satisfied: 920 }, harassment: 10 });
    expect(r.total.satisfaction.rate).toBe(0.92);
    expect(r.total.satisfaction.low).toBeCloseTo(0.9015, 4);
    expect(r.total.satisfaction.high).toBeCloseTo(0.9353, 4);
    expect(r.total.satisfaction.meetsTarget).toBe(false);
    expect(r.total.harassmentRate).toMatchObject({ rate: 0.01, meetsTarget: false });
  });

  it("gives no rate for a year without responses", async () => {
    const r = await year(2020);
    expect(r.total.total).toBe(0);
    expect(r.total.satisfaction).toEqual({ rate: null, low: null, high: null, meetsTarget: null });
  });
});

/**
 * A unit moving between periods: Xã Di (02101) sat under Huyện Cũ (021) until
 * 30 June 2025; from 1 July 2025 (two tiers) it sits directly under Tỉnh Hai
 * (02), recorded as a new version of the same code, and its desk moves to the
 * new version. Responses keep the unit and level of their time.
 */
describe.each(databaseFactories())("a unit moving between periods on $dialect", (factory) => {
  const testApp = useTestApp(factory);
  let app: TestApp;
  let ids: { province: number; district: number; oldCommune: number; newCommune: number };
  beforeAll(async () => {
    app = testApp();
    await seedReference(app);
    const at = app.now().toISOString();
    const p = await createUnitWithDesk(app, { code: "02", name: "Tỉnh Hai", level: "province" });
    const d = await createUnitWithDesk(app, { code: "021", name: "Huyện Cũ", level: "district", parentId: p.unit.id });
    await app.db.updateTable("units").set({ valid_to: "2025-06-30" }).where("id", "=", d.unit.id).execute();
    const oldCommune = await insertUnit(app.db, {
      code: "02101",
      name: "Xã Di",
      level: "commune",
      parentId: d.unit.id,
      validFrom: null,
      validTo: "2025-06-30",
      createdAt: at,
    });
    const desk = await insertDesk(app.db, {
      code: "02101-MC",
      name: "Một cửa Xã Di",
      unitId: oldCommune.id,
      createdAt: at,
    });
    const device = await createDevice(
      app.db,
      app.config.sessionSecret,
      { deskCode: desk.code, name: "Tablet" },
      app.now()
    );
    const before = await authenticateDevice(app.db, device.token);
    if (!before.ok) throw new Error("device");
    await ingestMix(app, d.identity, { satisfied: 4, dissatisfied: 1 }, "2025-05-05");
    await ingestMix(app, before.device, { satisfied: 9, neutral: 1 }, "2025-05-10");

    const newCommune = await insertUnit(app.db, {
      code: "02101",
      name: "Xã Di",
      level: "commune",
      parentId: p.unit.id,
      validFrom: "2025-07-01",
      validTo: null,
      createdAt: at,
    });
    await app.db.updateTable("desks").set({ unit_id: newCommune.id }).where("id", "=", desk.id).execute();
    const after = await authenticateDevice(app.db, device.token);
    if (!after.ok) throw new Error("device");
    await ingestMix(app, after.device, { very_satisfied: 18, dissatisfied: 2, harassment: 1 }, "2025-08-20");
    ids = { province: p.unit.id, district: d.unit.id, oldCommune: oldCommune.id, newCommune: newCommune.id };
  });

  async function report(
    by: ReportBy,
    from: string,
    to: string,
    unit: string,
    viewer: { allowed: number[] | undefined; unitId: number | null } = ADMIN
  ) {
    const scope = await resolveScope(app.db, viewer, unit);
    return ratesReportJson(
      await ratesReport(app.db, scope, { from, to, by }, { lang: "vi", targets: DEFAULT_TARGETS })
    );
  }
  const units = (r: Awaited<ReturnType<typeof report>>) => r.groups.map((g) => [g.key, g.total]);

  it("counts the first half of 2025 under the old district, the second half directly under the province", async () => {
    expect(units(await report("unit", "2025-01-01", "2025-06-30", "02"))).toEqual([
      ["02-MC", 0],
      ["021", 15],
    ]);
    expect(units(await report("unit", "2025-07-01", "2025-12-31", "02"))).toEqual([
      ["02-MC", 0],
      ["02101", 20],
    ]);
    const year = await report("unit", "2025-01-01", "2025-12-31", "02");
    expect(units(year)).toEqual([
      ["02-MC", 0],
      ["021", 15],
      ["02101", 20],
    ]);
    expect(year.total.total).toBe(35);
  });

  it("keeps each response's level of its time", async () => {
    const g = byKey((await report("level", "2025-01-01", "2025-12-31", "02")).groups);
    expect([g.province.total, g.district.total, g.commune.total]).toEqual([0, 5, 30]);
  });

  it("reports the commune by its code over both of its versions", async () => {
    const r = await report("unit", "2025-01-01", "2025-12-31", "02101");
    expect(r.scope).toEqual({ code: "02101", name: "Xã Di" });
    expect(units(r)).toEqual([["02101-MC", 30]]);
    expect(r.total.satisfaction.rate).toBe(27 / 30);
    const old = await report("unit", "2025-01-01", "2025-12-31", "021");
    expect(units(old)).toEqual([
      ["021-MC", 5],
      ["02101", 10],
    ]);
  });

  it("shows only the levels present: no district after 1 July 2025, a dated historic one across it", async () => {
    const h2 = await report("level", "2025-07-01", "2025-12-31", "02");
    expect(h2.levels.map((l) => l.level)).toEqual(["province", "commune"]);
    expect(h2.groups.map((g) => [g.key, g.label])).toEqual([
      ["province", "Cấp tỉnh"],
      ["commune", "Cấp xã"],
    ]);
    const h1 = await report("level", "2025-01-01", "2025-06-30", "02");
    expect(h1.levels).toEqual([
      { level: "province", until: null, label: "Cấp tỉnh" },
      { level: "district", until: null, label: "Cấp huyện" },
      { level: "commune", until: null, label: "Cấp xã" },
    ]);
    const year = await report("level", "2025-01-01", "2025-12-31", "02");
    expect(year.groups.map((g) => [g.label, g.total])).toEqual([
      ["Cấp tỉnh", 0],
      ["Cấp huyện (đến 30/06/2025)", 5],
      ["Cấp xã", 30],
    ]);
    const units = await report("unit", "2025-01-01", "2025-12-31", "02");
    expect(units.groups.map((g) => [g.key, g.levelLabel])).toEqual([
      ["02-MC", "Quầy"],
      ["021", "Cấp huyện (đến 30/06/2025)"],
      ["02101", "Cấp xã"],
    ]);
  });

  it("names the levels' total and subtotals for the levels present («Cả 02 cấp», a dated «Cộng cấp huyện»)", async () => {
    const scope = await resolveScope(app.db, ADMIN, "02");
    const options = { lang: "vi" as const, targets: DEFAULT_TARGETS };
    const h2 = await ratesReport(app.db, scope, { from: "2025-07-01", to: "2025-12-31", by: "level" }, options);
    expect(h2.allLevelsLabel).toBe("Cả 02 cấp");
    const year = await ratesReport(app.db, scope, { from: "2025-01-01", to: "2025-12-31", by: "level" }, options);
    expect(year.allLevelsLabel).toBe("Cả 03 cấp");
    const document = await buildReportDocument(
      app.db,
      { period: describePeriod("2025-01-01", "2025-12-31"), scope, targets: DEFAULT_TARGETS },
      "vi",
      app.now()
    );
    const byUnit = document.tables.find((t) => t.by === "unit")!;
    expect(byUnit.rows.filter((r) => r.kind === "subtotal").map((r) => [r.label, r.counts.total])).toEqual([
      ["Cộng cấp huyện (đến 30/06/2025)", 5],
      ["Cộng cấp xã", 30],
    ]);
    const h2Document = await buildReportDocument(
      app.db,
      { period: describePeriod("2025-07-01", "2025-12-31"), scope, targets: DEFAULT_TARGETS },
      "vi",
      app.now()
    );
    const labels = h2Document.tables.flatMap((t) => t.rows.map((r) => `${r.label} ${r.level ?? ""}`)).join("\n");
    expect(labels).not.toMatch(/huyện/i);
  });

  it("shows a viewer of the old district only what lay under it", async () => {
    const viewer = { allowed: [ids.district, ids.oldCommune], unitId: ids.district };
    const r = await report("unit", "2025-01-01", "2025-12-31", "02101", viewer);
    expect(r.total.total).toBe(10);
    await expect(report("unit", "2025-01-01", "2025-12-31", "02", viewer)).rejects.toMatchObject({
      reason: "forbidden",
    });
  });
});
