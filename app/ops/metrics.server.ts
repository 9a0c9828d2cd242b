/**
 * Prometheus metrics (GET /metrics, app/ops/routes.server.ts). HaiLong's own
 * series are named `hailong_…`; docs/health-and-metrics.md lists them. Each
 * app context has its own registry, so tests running several in one process
 * count apart. Counters are bumped where things happen (ingest, sign-in,
 * pairing); gauges that read the database are computed at scrape, the tablet
 * figures cached a few seconds (500 tablets' listing per scrape is wasted work).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { databaseSizeBytes } from "~db/repositories/ops";
import { listDevices } from "~db/repositories/devices";
import type { AppContext, Metrics } from "~/context";
import { officeHours, toStatusView } from "~/devices/status.server";
import { pendingJobs } from "~/ingest/commit-queue.server";
import { newestBackup } from "./backups.server";

/** How long the tablets' figures are reused between scrapes. */
export const TABLETS_CACHE_MS = 5_000;

export function createMetrics(): Metrics {
  const registry = new Registry();
  const ingest = new Counter({
    name: "hailong_ingest_items_total",
    help: "Answers received from tablets, by outcome (created, duplicate, conflict, invalid).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  for (const outcome of ["created", "duplicate", "conflict", "invalid"]) ingest.inc({ outcome }, 0);
  const loginFailures = new Counter({
    name: "hailong_login_failures_total",
    help: "Wrong passwords (sign-in and the account page).",
    registers: [registry],
  });
  const throttled = new Counter({
    name: "hailong_throttled_requests_total",
    help: "Requests refused by a guessing limit, by limit (sign_in, sign_in_busy, pairing, pairing_paused).",
    labelNames: ["limit"] as const,
    registers: [registry],
  });
  for (const limit of ["sign_in", "sign_in_busy", "pairing", "pairing_paused"]) throttled.inc({ limit }, 0);
  const groupRows = new Histogram({
    name: "hailong_ingest_group_commit_rows",
    help: "Answers written per group commit (one transaction for the requests that arrived meanwhile).",
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000],
    registers: [registry],
  });
  const groupJobs = new Histogram({
    name: "hailong_ingest_group_commit_requests",
    help: "Requests per group commit.",
    buckets: [1, 2, 5, 10, 20, 50, 100, 200],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "hailong_http_request_duration_seconds",
    help: "Time to answer a request, by route (Remix route id or API handler) and status class.",
    labelNames: ["route", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    registry,
    ingested: (status, count) => ingest.inc({ outcome: status }, count),
    loginFailed: () => loginFailures.inc(),
    throttled: (limit) => throttled.inc({ limit }),
    groupCommitted: ({ jobs, rows }) => {
      groupRows.observe(rows);
      groupJobs.observe(jobs);
    },
    requestDone: (route, status, seconds) =>
      duration.observe({ route, status: `${Math.floor(status / 100)}xx` }, seconds),
  };
}

/** The gauges read at scrape time from the app (database, writer, backups), and the process metrics. */
export function addScrapeMetrics(app: AppContext): void {
  const { registry } = app.metrics;
  if (registry.getSingleMetric("hailong_tablets")) return;
  collectDefaultMetrics({ register: registry });

  let tablets: { at: number; value: Promise<TabletFigures> } | null = null;
  const tabletFigures = () => {
    const at = Date.now();
    if (!tablets || at - tablets.at > TABLETS_CACHE_MS) {
      tablets = { at, value: countTablets(app) };
      // A failed read is not kept: the next scrape tries again.
      tablets.value.catch(() => (tablets = null));
    }
    return tablets.value;
  };
  new Gauge({
    name: "hailong_tablets",
    help: "Paired tablets (not revoked) by state: online, stale, offline.",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      const figures = await tabletFigures();
      for (const state of ["online", "stale", "offline"] as const) this.set({ state }, figures.byState[state]);
    },
  });
  new Gauge({
    name: "hailong_tablets_pending_answers",
    help: "Answers waiting on the tablets, in total, as they last reported.",
    registers: [registry],
    async collect() {
      this.set((await tabletFigures()).pending);
    },
  });
  new Gauge({
    name: "hailong_ingest_writer_queue_depth",
    help: "Ingest requests waiting for their group commit.",
    registers: [registry],
    collect() {
      this.set(app.ingestWriter ? app.ingestWriter.pending() : pendingJobs(app.db));
    },
  });
  new Gauge({
    name: "hailong_database_size_bytes",
    help: "Size of the database (SQLite: pages in use; PostgreSQL: pg_database_size).",
    registers: [registry],
    async collect() {
      this.set(await databaseSizeBytes(app.db, app.database.dialect));
    },
  });
  if (app.config.backupDir) {
    const dir = app.config.backupDir;
    new Gauge({
      name: "hailong_backup_age_seconds",
      help: "Age of the newest backup in BACKUP_DIR (absent when there is none).",
      registers: [registry],
      collect() {
        const newest = newestBackup(dir);
        this.reset();
        if (newest) this.set(Math.max(0, (Date.now() - newest.mtimeMs) / 1000));
      },
    });
  }
}

interface TabletFigures {
  byState: Record<"online" | "stale" | "offline", number>;
  pending: number;
}

async function countTablets(app: AppContext): Promise<TabletFigures> {
  const [rows, hours] = await Promise.all([listDevices(app.db), officeHours(app.db)]);
  const now = app.now();
  const figures: TabletFigures = { byState: { online: 0, stale: 0, offline: 0 }, pending: 0 };
  for (const row of rows) {
    if (row.revokedAt !== null) continue;
    const view = toStatusView(row, now, hours);
    figures.byState[view.state]++;
    figures.pending += view.pending;
  }
  return figures;
}
