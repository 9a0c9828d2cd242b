/**
 * The log under many aborted slow uploads (issue 12: 3,000 of them wrote
 * 3,000 error lines with full stacks): a client that goes away is an `info`
 * line without a stack, and identical lines are rate-limited.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteDatabase, type TestDatabase } from "../helpers/databases";
import { newDevice } from "../helpers/kiosk";
import { signIn } from "../helpers/officials";
import { type RunningServer, printedAdminPassword, startServer } from "../helpers/server";

const ABORTED_UPLOADS = 600;

/** Starts a chunked upload, sends a little of it, and goes away once the server has begun to read it. */
function abortedUpload(baseUrl: string, path: string, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve) => {
    const url = new URL(path, baseUrl);
    const req = http.request(url, {
      method: "POST",
      agent: false,
      headers: { origin: url.origin, "transfer-encoding": "chunked", ...headers },
    });
    req.on("error", () => resolve());
    req.on("response", (res) => {
      res.resume();
      resolve();
    });
    req.write("x".repeat(1000), () => setTimeout(() => req.destroy(), 20));
    req.on("close", () => resolve());
  });
}

describe("the log under aborted uploads", () => {
  let database: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    database = await sqliteDatabase().create();
    // info is the production default (the test helpers' servers log only warnings).
    server = await startServer({ DATABASE_URL: database.url, LOG_LEVEL: "info" });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("says once, at info and without a stack, that a client went away, and keeps few of the same", async () => {
    const admin = await signIn(server.url, "admin", printedAdminPassword(server.output()));
    const { token } = await newDevice(database.url, "991-MC");
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const targets: [string, Record<string, string>][] = [
      ["/login", form],
      ["/kiosk/pair", form],
      ["/admin/units?index", { ...form, cookie: admin }],
      ["/api/v1/responses", { "content-type": "application/json", authorization: `Bearer ${token}` }],
      ["/api/v1/devices/status", { "content-type": "application/json", authorization: `Bearer ${token}` }],
    ];
    const before = server.output().length;
    for (let i = 0; i < ABORTED_UPLOADS; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) => {
          const [path, headers] = targets[(i + j) % targets.length];
          return abortedUpload(server.url, path, headers);
        })
      );
    }
    // The server is fine, and has logged what it will about them.
    expect((await fetch(`${server.url}/login`)).status).toBe(200);
    const lines = () =>
      server
        .output()
        .slice(before)
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { level: number; msg: string; err?: unknown; path?: string });
    for (let seen = -1; seen !== lines().length;) {
      seen = lines().length;
      await new Promise((r) => setTimeout(r, 500));
    }
    const logged = lines();
    expect(logged.filter((l) => l.level >= 50)).toEqual([]);
    expect(logged.filter((l) => l.err !== undefined || JSON.stringify(l).includes("stack"))).toEqual([]);
    const gone = logged.filter((l) => l.msg === "client went away during the upload");
    expect(gone.length).toBeGreaterThan(0);
    expect(gone.every((l) => l.level === 30)).toBe(true);
    // Identical lines are rate-limited: of 600 aborted uploads, a handful of lines.
    expect(logged.length).toBeLessThanOrEqual(20);
  });
});
