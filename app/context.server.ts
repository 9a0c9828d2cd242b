/**
 * The application context: created once per process (server or CLI) and
 * handed to loaders and actions through Remix's load context, and to the
 * plain-Node API handlers directly. Its type is in context.ts, so the modules
 * it is built from may name it.
 */
import { openDatabase } from "~db/connection";
import { createCatalog } from "./ingest/catalog.server";
import { observeGroups } from "./ingest/commit-queue.server";
import { startIngestWriter } from "./ingest/writer.server";
import type { Config } from "./config.server";
import type { AppContext, UpgradeResult } from "./context";
import { createLogger } from "./utils/log.server";
import { createPasswordGuard } from "./auth/attempts.server";
import { createPairingLimits } from "./devices/pairing-limits.server";
import { createMetrics } from "./ops/metrics.server";
import { upgradeDatabase } from "./ops/upgrade.server";

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
