/** The built server on a demo province of either model, for the end-to-end tests that run over both. */
import { afterAll, beforeAll, expect } from "vitest";
import { runCli } from "~/cli/main.server";
import { DEMO_DESKS, type DemoModel } from "~/setup/demo.server";
import { type TestDatabase, sqliteDatabase } from "./databases";
import { type RunningServer, TEST_SESSION_SECRET, printedAdminPassword, startServer } from "./server";

export interface DemoServer {
  model: DemoModel;
  database: TestDatabase;
  server: RunningServer;
  adminPassword: string;
  desks: (typeof DEMO_DESKS)[DemoModel];
}

/**
 * The three-level demo as `npm start` seeds it on a new database (the default),
 * or the two-tier one as `seed-demo --model two-tier` seeds it before the start.
 */
export function useDemoServer(model: DemoModel): DemoServer {
  const running = { model, desks: DEMO_DESKS[model] } as DemoServer;
  beforeAll(async () => {
    running.database = await sqliteDatabase().create();
    let seeded: string | null = null;
    if (model !== "three-level") {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(
        ["seed-demo", "--model", model],
        { out: (s) => out.push(s), err: (s) => err.push(s), readStdin: async () => null },
        { NODE_ENV: "test", DATABASE_URL: running.database.url, SESSION_SECRET: TEST_SESSION_SECRET }
      );
      expect(code, err.join("\n")).toBe(0);
      seeded = out.join("\n");
    }
    running.server = await startServer({ DATABASE_URL: running.database.url });
    running.adminPassword = printedAdminPassword(seeded ?? running.server.output());
  });
  afterAll(async () => {
    await running.server?.stop();
    await running.database?.drop();
  });
  return running;
}
