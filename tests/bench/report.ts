/**
 * The province-year rates report (by unit) through the code path the
 * /reports page and the CLI use — prepareReport, then ratesReport over the
 * rollups — timed against a GROUP BY over the raw responses computing the same
 * numbers. The two must agree exactly; a mismatch fails the bench.
 */
import { sql } from "kysely";
import { ROLLUP_COUNT_KEYS } from "~/domain/response";
import { loadConfig } from "~/config.server";
import type { AppContext } from "~/context";
import { createAppContext } from "~/context.server";
import { prepareReport } from "~/reports/query.server";
import { ratesReport } from "~/reports/rates-report.server";
import type { RatesReport } from "~/reports/report-model";
import { BENCH_PROVINCE, BENCH_YEAR } from "./province";
import { median } from "./stats";

export interface ReportTiming {
  reportMs: number;
  groupByMs: number;
  responses: number;
  groups: number;
}

type Counts = Record<string, number>;

/** The report's numbers per group key (and "total"), for comparison. */
function countsOfReport(report: RatesReport): Map<string, Counts> {
  const out = new Map<string, Counts>();
  for (const g of [...report.groups, report.total]) out.set(g.key, { ...g.counts });
  return out;
}

async function runReport(app: AppContext): Promise<RatesReport> {
  const prepared = await prepareReport(app, null, { period: String(BENCH_YEAR), unit: BENCH_PROVINCE }, { by: "unit" });
  if (!prepared.ok) throw new Error(`report refused: ${JSON.stringify(prepared.problems)}`);
  const { query, scope, targets } = prepared;
  return ratesReport(
    app.db,
    scope,
    { from: query.period.from, to: query.period.to, by: query.by },
    { lang: "vi", targets }
  );
}

/** The same figures straight from the raw rows: one GROUP BY, then the scope's unit → group mapping. */
async function runGroupBy(app: AppContext): Promise<Map<string, Counts>> {
  const prepared = await prepareReport(app, null, { period: String(BENCH_YEAR), unit: BENCH_PROVINCE }, { by: "unit" });
  if (!prepared.ok) throw new Error("report refused");
  const { scope, query } = prepared;
  const rows = await sql<Record<string, number>>`
    select unit_id, desk_id,
      sum(case when suspect = 0 then 1 else 0 end) as total,
      sum(case when suspect = 0 and rating = 'very_satisfied' then 1 else 0 end) as "verySatisfied",
      sum(case when suspect = 0 and rating = 'satisfied' then 1 else 0 end) as satisfied,
      sum(case when suspect = 0 and rating = 'neutral' then 1 else 0 end) as neutral,
      sum(case when suspect = 0 and rating = 'dissatisfied' then 1 else 0 end) as dissatisfied,
      sum(case when suspect = 0 and harassment = 1 then 1 else 0 end) as harassment,
      sum(case when suspect = 1 then 1 else 0 end) as suspect,
      sum(case when suspect = 0 and on_time = 1 then 1 else 0 end) as "onTimeYes",
      sum(case when suspect = 0 and on_time is not null then 1 else 0 end) as "onTimeAnswered"
    from responses
    where local_date >= ${query.period.from} and local_date <= ${query.period.to}
    group by unit_id, desk_id`.execute(app.db);
  const deskCode = new Map(scope.ownDesks.map((d) => [d.id, d.code]));
  const out = new Map<string, Counts>();
  const add = (key: string, row: Record<string, number>) => {
    const c = out.get(key) ?? Object.fromEntries(ROLLUP_COUNT_KEYS.map((k) => [k, 0]));
    for (const k of ROLLUP_COUNT_KEYS) c[k] += Number(row[k]);
    out.set(key, c);
  };
  for (const row of rows.rows) {
    add("total", row);
    if (scope.ownRowIds.has(row.unit_id)) add(deskCode.get(row.desk_id) ?? `desk ${row.desk_id}`, row);
    else {
      const index = scope.childOf.get(row.unit_id);
      if (index !== undefined) add(scope.children[index].code, row);
    }
  }
  return out;
}

function compare(report: Map<string, Counts>, groupBy: Map<string, Counts>): string[] {
  const problems: string[] = [];
  for (const [key, expected] of groupBy) {
    const got = report.get(key);
    if (!got) problems.push(`group ${key} missing from the report`);
    else
      for (const k of ROLLUP_COUNT_KEYS)
        if (got[k] !== expected[k]) problems.push(`${key}.${k}: report ${got[k]}, GROUP BY ${expected[k]}`);
  }
  for (const [key, got] of report) {
    if (!groupBy.has(key) && got.total + got.suspect > 0) problems.push(`group ${key} only in the report`);
  }
  return problems;
}

export async function benchReport(
  databaseUrl: string,
  runs: { report: number; groupBy: number }
): Promise<ReportTiming> {
  const config = loadConfig({
    NODE_ENV: "test",
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: "b".repeat(40),
    LOG_LEVEL: "warn",
  });
  const app = await createAppContext(config, { migrate: false });
  try {
    // One untimed run each warms the caches (the page cache after generation is not what a server sees).
    const first = await runReport(app);
    const times: number[] = [];
    for (let i = 0; i < runs.report; i++) {
      const t0 = performance.now();
      await runReport(app);
      times.push(performance.now() - t0);
    }
    const groupTimes: number[] = [];
    let expected: Map<string, Counts> | undefined;
    for (let i = 0; i < runs.groupBy; i++) {
      const t0 = performance.now();
      expected = await runGroupBy(app);
      groupTimes.push(performance.now() - t0);
    }
    const problems = compare(countsOfReport(first), expected!);
    if (problems.length > 0) throw new Error(`report ≠ GROUP BY:\n  ${problems.slice(0, 20).join("\n  ")}`);
    const total = expected!.get("total")!;
    return {
      reportMs: median(times),
      groupByMs: median(groupTimes),
      responses: total.total + total.suspect,
      groups: first.groups.length,
    };
  } finally {
    await app.database.close();
  }
}
