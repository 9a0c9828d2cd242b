/**
 * The published results (/cong-khai's figures): taken from the report model
 * for the same months, only for units and months at or above the minimum
 * sample (the others left out, only counted), and carrying nothing else — no comment, suspect count, desk, tablet or person.
 * The setting that publishes them is off until an administrator turns it on,
 * and the change is audited.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { listAuditEntries } from "~db/repositories/audit";
import { listDevices } from "~db/repositories/devices";
import { upsertTargets } from "~db/repositories/settings";
import { savePublicResults } from "~/admin/settings.server";
import type { Rate } from "~/domain/rates";
import { publicResults, publicResultsEnabled, type PublicRate } from "~/reports/public-results.server";
import { ratesReport, targetsFor } from "~/reports/rates-report.server";
import type { RatesReport } from "~/reports/report-model";
import { ScopeError, resolveScope } from "~/reports/scope.server";
import { type TestApp, useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { seedReportProvince } from "../../helpers/reports";
import { staffFor } from "../../helpers/staff";

const EVERYONE = { allowed: undefined, unitId: null };
const TODAY = "2026-11-26";
const MONTHS = [
  { key: "2026-11", from: "2026-11-01", to: "2026-11-30" },
  { key: "2026-10", from: "2026-10-01", to: "2026-10-31" },
];

/** Every key the published figures may carry; anything else would be a leak. */
const ALLOWED_KEYS = new Set([
  "scope",
  "months",
  "minSample",
  "leftOut",
  "units",
  "code",
  "name",
  "level",
  "depth",
  "month",
  "sufficient",
  "responses",
  "satisfaction",
  "decision766",
  "harassment",
  "rate",
  "low",
  "high",
]);

function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, into));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  }
  return into;
}

function asPublished(rate: Rate): PublicRate {
  return { rate: rate.rate!, low: rate.low!, high: rate.high! };
}

describe.each(databaseFactories())("published results on $dialect", (factory) => {
  const testApp = useTestApp(factory);
  let app: TestApp;
  beforeAll(async () => {
    app = testApp();
    await seedReportProvince(app);
  });

  /** The report model's by-unit report of a scope for each month, as /reports computes it. */
  async function modelReports(code: string): Promise<RatesReport[]> {
    const scope = await resolveScope(app.db, EVERYONE, code);
    return Promise.all(
      MONTHS.map(async (m) =>
        ratesReport(
          app.db,
          scope,
          { from: m.from, to: m.to, by: "unit" },
          { lang: "vi", targets: await targetsFor(app.db, m.to) }
        )
      )
    );
  }

  it("is off until an administrator turns it on, and the change is audited", async () => {
    expect(await publicResultsEnabled(app.db)).toBe(false);
    const admin = await staffFor(app, "admin");
    await savePublicResults(app.db, admin, app.now(), true);
    expect(await publicResultsEnabled(app.db)).toBe(true);
    await savePublicResults(app.db, admin, app.now(), false);
    expect(await publicResultsEnabled(app.db)).toBe(false);
    const entries = await listAuditEntries(app.db, { entity: "setting", entityId: "public_results" });
    expect(entries.map((e) => [e.username, e.after])).toEqual([
      [admin.user.username, { value: "off" }],
      [admin.user.username, { value: "on" }],
    ]);
  });

  it("lists only the units at or above the minimum sample in a month, depth first, and counts the others", async () => {
    const results = await publicResults(app.db, "01", TODAY, "vi");
    expect(results.months).toEqual(["2026-11", "2026-10"]);
    expect(results.minSample).toEqual([30, 30]);
    // November: province 80, district A 40, commune A1 10; October: only B1's 20. The communes and
    // district B are below 30 in both months: not listed at all.
    expect(results.units.map((u) => [u.code, u.depth, u.months.map((m) => m.sufficient)])).toEqual([
      ["01", 0, [true, false]],
      ["011", 1, [true, false]],
    ]);
    // Of the 6 units, 4 left out of November's table and all 6 of October's.
    expect(results.leftOut).toEqual([4, 6]);
    // A month below the minimum of a listed unit carries nothing: not even its number of responses.
    expect(results.units[1].months[1]).toEqual({ month: "2026-10", sufficient: false });
  });

  it("publishes the report model's figures for the same months, never recomputed", async () => {
    // A lower minimum sample for 2026 brings October's district B and commune B1 in.
    await upsertTargets(app.db, {
      year: 2026,
      satisfaction: 0.92,
      harassment: 0.01,
      onTime: 0.97,
      minSample: 20,
      resolution: null,
    });
    const results = await publicResults(app.db, "01", TODAY, "vi");
    const [province, districtA, districtB] = await Promise.all(["01", "011", "012"].map(modelReports));
    const model = new Map<string, (RatesReport["total"] | undefined)[]>();
    model.set("01", [province[0].total, province[1].total]);
    for (const reports of [province, districtA, districtB]) {
      for (const i of [0, 1]) {
        for (const g of reports[i].groups.filter((g) => g.kind === "unit")) {
          const both = model.get(g.key) ?? [undefined, undefined];
          both[i] = g;
          model.set(g.key, both);
        }
      }
    }
    // Listed: exactly the units with a month at or above the minimum sample.
    const listed = [...model]
      .filter(([, groups]) => groups.some((g) => g?.rates.satisfaction.sufficient))
      .map(([code]) => code);
    expect(results.units.map((u) => u.code).sort()).toEqual(listed.sort());
    expect(listed).not.toContain("01101");
    let published = 0;
    for (const unit of results.units) {
      for (const i of [0, 1] as const) {
        const group = model.get(unit.code)![i]!;
        const month = unit.months[i];
        expect(month.sufficient, `${unit.code} ${month.month}`).toBe(group.rates.satisfaction.sufficient);
        if (!month.sufficient) continue;
        published++;
        expect(month).toEqual({
          month: MONTHS[i].key,
          sufficient: true,
          responses: group.counts.total,
          satisfaction: asPublished(group.rates.satisfaction),
          decision766: asPublished(group.rates.decision766),
          harassment: asPublished(group.rates.harassment),
        });
      }
    }
    // November: province and district A; October (B1's 20 alone): province, district B and commune B1.
    expect(published).toBe(5);
    const b1 = results.units.find((u) => u.code === "01201")!;
    expect(b1.months[1]).toMatchObject({ sufficient: true, responses: 20 });
    expect(b1.months[1].sufficient && b1.months[1].satisfaction.rate).toBe(19 / 20);
    expect(b1.months[1].sufficient && b1.months[1].harassment.rate).toBe(1 / 20);
    await upsertTargets(app.db, {
      year: 2026,
      satisfaction: 0.92,
      harassment: 0.01,
      onTime: 0.97,
      minSample: 30,
      resolution: null,
    });
  });

  it("carries no comment, suspect count, desk, tablet or person", async () => {
    const results = await publicResults(app.db, null, TODAY, "vi");
    expect(results.scope.code).toBe("01");
    expect([...keysOf(results)].filter((k) => !ALLOWED_KEYS.has(k))).toEqual([]);
    const json = JSON.stringify(results);
    for (const secret of ["Cán bộ gợi ý nộp thêm phí", "Phải đi lại nhiều lần", "Một cửa", "Tablet", "-MC"]) {
      expect(json).not.toContain(secret);
    }
    for (const device of await listDevices(app.db)) expect(json).not.toContain(device.name);
    // The province's 3 suspect responses are in no figure: November's N is 80, not 83.
    expect(results.units[0].months[0]).toMatchObject({ responses: 80 });
  });

  it("answers a unit's subtree, and refuses an unknown unit", async () => {
    const results = await publicResults(app.db, "011", TODAY, "en");
    expect(results.scope).toEqual({ code: "011", name: "Huyện A" });
    // District A's 40 in November; its communes are below the minimum sample in both months.
    expect(results.units.map((u) => u.code)).toEqual(["011"]);
    expect(results.leftOut).toEqual([2, 3]);
    await expect(publicResults(app.db, "999", TODAY, "vi")).rejects.toBeInstanceOf(ScopeError);
  });
});
