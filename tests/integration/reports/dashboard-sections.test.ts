/**
 * The dashboard (/reports) shows the rates by level, unit, field and month and
 * the report's sections (harassment cases, dossiers, channels, questions). The
 * sections are the same whatever the grouping, so the page reads them once:
 * its figures are those of the report by level, and it reads the cases and
 * the dossiers as often as one report does, not once per table.
 */
import type { KyselyPlugin, RootOperationNode } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "~/context";
import { ingestResponses } from "~/ingest/ingest.server";
import { loadDashboard } from "~/reports/dashboard.server";
import { prepareReport } from "~/reports/query.server";
import { ratesReport } from "~/reports/rates-report.server";
import { type TestApp, useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, item, seedReference } from "../../helpers/fixtures";
import { staffFor } from "../../helpers/staff";

/** The app with a database that notes the tables each select reads from. */
function countingReads(app: AppContext): { app: AppContext; reads: (table: string) => number } {
  const tables: string[][] = [];
  const plugin: KyselyPlugin = {
    transformQuery({ node }) {
      if (node.kind === "SelectQueryNode") tables.push(tablesOf(node));
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  const counted = Object.assign(Object.create(app) as AppContext, { db: app.db.withPlugin(plugin) });
  return { app: counted, reads: (table) => tables.filter((t) => t.includes(table)).length };
}

/** The tables a select's FROM names (outermost query). */
function tablesOf(node: RootOperationNode): string[] {
  const from = (node as { from?: { froms: unknown[] } }).from?.froms ?? [];
  return from.map((f) => JSON.stringify(f).match(/"identifier":\{"kind":"IdentifierNode","name":"([^"]+)"/)?.[1] ?? "");
}

describe.each(databaseFactories())("the dashboard's sections on $dialect", (factory) => {
  const testApp = useTestApp(factory, seedReference);
  let app: TestApp;
  beforeAll(async () => {
    app = testApp();
    app.setNow("2026-11-28T10:00:00Z");
    const { identity } = await createUnitWithDesk(app, { code: "01", name: "Tỉnh Thử", level: "province" });
    const results = await ingestResponses(
      app,
      identity,
      [
        item({ rating: "very_satisfied", submittedAt: "2026-11-20T09:00:00+07:00" }),
        item({ rating: "dissatisfied", reasons: ["harassment"], submittedAt: "2026-11-20T09:01:00+07:00" }),
      ],
      app.now()
    );
    expect(results.map((r) => r.status)).toEqual(["created", "created"]);
  });

  it("shows the sections of the report by level, reading the cases and the dossiers no more often than one report", async () => {
    const admin = await staffFor(app, "admin");
    const { app: counted, reads } = countingReads(app);
    const url = new URL("http://localhost/reports?from=2026-11-01&to=2026-11-30&unit=01");
    const dashboard = await loadDashboard(counted, admin.user, url, "vi");
    const report = dashboard.report!;

    const prepared = await prepareReport(app, admin.user, { from: "2026-11-01", to: "2026-11-30", unit: "01" });
    if (!prepared.ok) throw new Error("the report was refused");
    const { app: one, reads: readsOfOne } = countingReads(app);
    const byLevel = await ratesReport(
      one.db,
      prepared.scope,
      { from: "2026-11-01", to: "2026-11-30", by: "level" },
      { lang: "vi", targets: prepared.targets, now: app.now() }
    );
    expect(report.cases.total).toEqual(byLevel.cases.total);
    expect(report.cases.total.opened).toBe(1);
    expect(report.dossiers).toEqual(byLevel.dossiers);
    expect(report.channels.groups).toEqual(byLevel.channels);
    expect(report.channels.groups.map((g) => [g.key, g.counts.total])).toEqual([
      ["kiosk", 2],
      ["phone", 0],
    ]);

    // As many reads as one report makes (the dossiers take two), not one set per table of the page.
    expect(readsOfOne("cases")).toBe(1);
    expect(reads("cases")).toBe(readsOfOne("cases"));
    expect(reads("dossiers")).toBe(readsOfOne("dossiers"));
  });
});
