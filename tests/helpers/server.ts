/**
 * Runs the built server (`node build/index.js`, what `npm start` runs) on a
 * free port, as its own process, for API and browser tests.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import { type DatabaseFactory, type TestDatabase, sqliteDatabase } from "./databases";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BUILD = path.join(ROOT, "build/index.js");
/** The servers' SESSION_SECRET in tests; the CLI must use the same one for the pairing codes it makes to work. */
export const TEST_SESSION_SECRET = "test-secret-test-secret-test-secret-0123";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  /** SIGTERM, then wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL, then wait for exit. */
  kill(): Promise<void>;
}

/** Newest modification time of the files the server bundle is built from. */
function newestSource(dir: string): { file: string; mtimeMs: number } {
  let newest = { file: dir, mtimeMs: 0 };
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const found = entry.isDirectory() ? newestSource(full) : { file: full, mtimeMs: fs.statSync(full).mtimeMs };
    if (found.mtimeMs > newest.mtimeMs) newest = found;
  }
  return newest;
}

/**
 * Refuses a missing or stale build/index.js: tests that run the built server
 * (or its writer thread) would otherwise test older code than the source.
 */
export function requireFreshBuild(): void {
  if (!fs.existsSync(BUILD)) throw new Error(`${BUILD} is missing: run "npx remix build" first (npm test does).`);
  const built = fs.statSync(BUILD).mtimeMs;
  for (const dir of ["app", "db", "locales"]) {
    const newest = newestSource(path.join(ROOT, dir));
    if (newest.mtimeMs > built) {
      throw new Error(
        `${BUILD} is older than ${path.relative(ROOT, newest.file)}: run "npx remix build" (npm test does).`
      );
    }
  }
}

/** The built server of this checkout, or of another `root` built apart (tests/e2e/error-pages.test.ts builds one). */
export async function startServer(
  env: Record<string, string> = {},
  port?: number,
  root: string = ROOT
): Promise<RunningServer> {
  if (root === ROOT) requireFreshBuild();
  const p = port ?? (await freePort());
  const build = path.join(root, "build/index.js");
  const child = spawn(process.execPath, [...(process.env.SERVER_NODE_ARGS?.split(" ") ?? []), build], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      SESSION_SECRET: TEST_SESSION_SECRET,
      HOST: "127.0.0.1",
      PORT: String(p),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://localhost:${p}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    try {
      const res = await fetch(`${url}/favicon.svg`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port: p,
    process: child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** The one-time pairing link the server printed at start. */
export function printedPairingCode(output: string): string {
  const match = /kiosk\/pair\?code=(\d{6})/.exec(output);
  if (!match) throw new Error(`no pairing link in server output:\n${output}`);
  return match[1];
}

/** The administrator password the server printed when it seeded the demo. */
export function printedAdminPassword(output: string): string {
  const match = /mật khẩu «([^»]+)»/.exec(output);
  if (!match) throw new Error(`no admin password in server output:\n${output}`);
  return match[1];
}

/**
 * A fresh database (SQLite unless another factory is given) and the built
 * server on it for the enclosing describe block; stopped and dropped after.
 * The fields exist once the hooks have run (a test may replace `server`).
 */
export function useServer(factory: DatabaseFactory = sqliteDatabase()): {
  database: TestDatabase;
  server: RunningServer;
} {
  const running = {} as { database: TestDatabase; server: RunningServer };
  beforeAll(async () => {
    running.database = await factory.create();
    running.server = await startServer({ DATABASE_URL: running.database.url });
  });
  afterAll(async () => {
    await running.server?.stop();
    await running.database?.drop();
  });
  return running;
}
