/** An in-process application context on a fresh test database. */
import { pathToFileURL } from "node:url";
import { loadConfig } from "~/config.server";
import type { AppContext } from "~/context";
import { createAppContext } from "~/context.server";
import { afterAll, beforeAll } from "vitest";
import type { DatabaseFactory, TestDatabase } from "./databases";
import { BUILD, TEST_SESSION_SECRET, requireFreshBuild } from "./server";

export interface TestApp extends AppContext {
  /** Moves the test clock. */
  setNow(at: Date | string): void;
  close(): Promise<void>;
}

export async function createTestApp(
  database: TestDatabase,
  now: Date | string = "2026-11-26T03:00:00Z"
): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: "test",
    DATABASE_URL: database.url,
    SESSION_SECRET: TEST_SESSION_SECRET,
    LOG_LEVEL: "silent",
  });
  if (database.writerThread) requireFreshBuild(); // the thread runs the built server
  const app = await createAppContext(config, {
    ingestWriterEntry: database.writerThread ? pathToFileURL(BUILD) : undefined,
  });
  let clock = new Date(now);
  return {
    ...app,
    now: () => clock,
    setNow(at) {
      clock = new Date(at);
    },
    async close() {
      await app.ingestWriter?.close();
      await app.database.close();
    },
  };
}

/**
 * A fresh database and app for the enclosing describe block: created before
 * its tests, closed and dropped after. Returns a getter (the app exists only
 * once the hooks have run).
 */
export function useTestApp(factory: DatabaseFactory, setup?: (app: TestApp) => Promise<void>): () => TestApp {
  let database: TestDatabase | undefined;
  let app: TestApp | undefined;
  beforeAll(async () => {
    database = await factory.create();
    app = await createTestApp(database);
    await setup?.(app);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });
  return () => {
    if (!app) throw new Error("useTestApp: the app exists only inside tests");
    return app;
  };
}
