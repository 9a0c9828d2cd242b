/**
 * The application context: created once per process (server or CLI) and
 * handed to loaders and actions through Remix's load context, and to the
 * plain-Node API handlers directly.
 */
import { type DatabaseHandle, openDatabase } from "~db/connection";
import { type Catalog, createCatalog } from "./ingest/catalog.server";
import { observeGroups } from "./ingest/commit-queue.server";
import { type IngestWriter, startIngestWriter } from "./ingest/writer.server";
import type { Config } from "./config.server";
import { type Logger, createLogger } from "./utils/log.server";
import { type PasswordGuard, createPasswordGuard } from "./auth/attempts.server";
import { type PairingLimits, createPairingLimits } from "./devices/pairing-limits.server";
import { type Metrics, createMetrics } from "./ops/metrics.server";
import { type UpgradeResult, upgradeDatabase } from "./ops/upgrade.server";

export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  db: DatabaseHandle["db"];
  catalog: Catalog;
  /** The server's ingest writer thread (SQLite only); null: ingest commits on `db`. */
  ingestWriter: IngestWriter | null;
  log: Logger;
  /** Failure counters that slow down guessing (in memory, per process). */
  limiters: { pairing: PairingLimits };
  /** Limits on guessing passwords (sign-in, the account page), and on hashing them. */
  passwords: PasswordGuard;
  /** Prometheus counters and histograms (app/ops/metrics.server.ts). */
  metrics: Metrics;
  /** What opening did to the schema (null when not migrated): the pre-upgrade copy, the migrations run. */
  upgrade: UpgradeResult | null;
  /** The clock; tests replace it. */
  now(): Date;
}

export interface AppContextOptions {
  migrate?: boolean;
  /** The server bundle, to run ingest commits on a writer thread (SQLite; see ingest/writer.server.ts). */
  ingestWriterEntry?: URL;
}

export async function createAppContext(config: Config, options: AppContextOptions = {}): Promise<AppContext> {
  const database = openDatabase(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
  let upgrade: UpgradeResult | null = null;
  if (options.migrate !== false) {
    try {
      // A database behind the code is copied before it is migrated; one newer than the code is refused.
      upgrade = await upgradeDatabase(config, database, new Date());
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  const log = createLogger(config.logLevel);
  const metrics = createMetrics();
  const ingestWriter =
    options.ingestWriterEntry && database.dialect === "sqlite"
      ? startIngestWriter(
          options.ingestWriterEntry,
          { databaseUrl: config.databaseUrl, sqliteSynchronous: config.sqliteSynchronous },
          log,
          metrics.groupCommitted
        )
      : null;
  // Without a writer thread, group commits run here on `db`.
  if (!ingestWriter) observeGroups(database.db, metrics.groupCommitted);
  return {
    config,
    database,
    db: database.db,
    catalog: createCatalog(database.db),
    ingestWriter,
    log,
    limiters: { pairing: createPairingLimits() },
    passwords: createPasswordGuard((outcome) => {
      if (outcome === "wrong") metrics.loginFailed();
      else if (outcome === "throttled") metrics.throttled("sign_in");
      else if (outcome === "busy") metrics.throttled("sign_in_busy");
    }),
    metrics,
    upgrade,
    now: () => new Date(),
  };
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    app: AppContext;
    /** CSP nonce for this response's inline scripts. */
    nonce: string;
    /** The client's address (X-Forwarded-For honoured only with TRUST_PROXY). */
    clientIp: string;
  }
}
