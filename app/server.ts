/**
 * `npm start`: configuration, database (migrated; demo-seeded when new), then
 * the HTTP server. Compiled by Remix together with the app (remix.config.js
 * `server`), so it shares one module graph with the routes.
 */
import { fileURLToPath } from "node:url";
import { isMainThread, workerData } from "node:worker_threads";
import * as build from "@remix-run/dev/server-build";
import { createScheduler } from "./alerts/scheduler.server";
import { ConfigError, loadConfig } from "./config.server";
import { createAppContext } from "./context.server";
import { closeGracefully, createHttpServer } from "./http.server";
import { getT } from "./i18n/i18n.server";
import { INGEST_WRITER_ROLE, type IngestWriterData, runIngestWriter } from "./ingest/writer.server";
import { describeUpgrade, explainUpgradeError } from "./ops/upgrade.server";
import { prepareForStart } from "./setup/startup.server";

async function main() {
  const t = getT("vi");
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(t(error.key, error.params));
      process.exit(1);
    }
    throw error;
  }
  let app;
  try {
    app = await createAppContext(config, { ingestWriterEntry: new URL(import.meta.url) });
  } catch (error) {
    // A database newer than this code, or no backup before a migration: refuse, saying what to do.
    const message = explainUpgradeError(error, t);
    if (!message) throw error;
    console.error(message);
    process.exit(1);
  }
  for (const line of app.upgrade ? describeUpgrade(app.upgrade, t) : []) console.log(line);
  // The writer thread loads the whole bundle: started now, so the first answers (and readyz) need not wait for it.
  await app.ingestWriter?.ping(30_000);
  const baseUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const lines = await prepareForStart(app, baseUrl);
  const publicDir = fileURLToPath(new URL("../public", import.meta.url));
  const server = createHttpServer(app, build as never, publicDir);
  // Deadline checks and alerts, once per installation (a lease row; app/alerts/scheduler.server.ts).
  const scheduler = createScheduler(app, { baseUrl });

  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    console.log(t("cli:start.listening", { url: config.publicUrl ?? `http://localhost:${port}` }));
    console.log(
      t("cli:start.database", {
        location: app.database.location.dialect === "sqlite" ? app.database.location.file : "PostgreSQL",
      })
    );
    for (const line of lines) console.log(line);
    scheduler.start();
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(t("cli:start.stopping"));
    app.log.info({ signal }, "shutting down");
    // In-flight requests finish before the database closes (on SQLite closing checkpoints the WAL).
    // The scheduler finishes its turn and hands its lease to another process.
    await Promise.all([closeGracefully(server), scheduler.stop()]);
    try {
      await app.ingestWriter?.close();
      await app.database.close();
    } catch (error) {
      app.log.error({ err: error }, "closing the database failed");
      process.exit(1);
    }
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

// The same bundle runs the ingest writer thread (ingest/writer.server.ts).
if (!isMainThread && (workerData as IngestWriterData | undefined)?.role === INGEST_WRITER_ROLE) {
  runIngestWriter(workerData as IngestWriterData);
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
