/** An in-process application context on a fresh test database. */
import { loadConfig } from "~/config.server";
import { type AppContext, createAppContext } from "~/context.server";
import type { TestDatabase } from "./databases";

export interface TestApp extends AppContext {
  /** Moves the test clock. */
  setNow(at: Date | string): void;
  close(): Promise<void>;
}

export async function createTestApp(database: TestDatabase, now: Date | string = "2026-11-26T03:00:00Z"): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: "test",
    DATABASE_URL: database.url,
    SESSION_SECRET: "test-secret-test-secret-test-secret-0123",
    LOG_LEVEL: "silent",
  });
  const app = await createAppContext(config);
  let clock = new Date(now);
  return {
    ...app,
    now: () => clock,
    setNow(at) {
      clock = new Date(at);
    },
    close: () => app.database.close(),
  };
}
