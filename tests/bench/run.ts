/**
 * `npm run bench` — issue 6's figures, each a ratio against a baseline
 * measured in the same run on the same machine (absolute numbers on a shared
 * 2-core machine are noise; ratios are not). Prints a table and writes it as
 * JSON to bench-results/bench-<date>.json.
 *
 *   npm run bench                         everything on SQLite (reports at 1M and 10M responses)
 *   npm run bench -- --quick              short runs, reports at 100k and 1M
 *   npm run bench -- --only ingest,report figures: ingest, batch, sync, kiosk, report, login-burst, soak
 *   npm run bench -- --only soak --minutes 3   the soak's length (default 3 minutes)
 *   npm run bench -- --only national      the admin pages, /reports and the report API at national size
 *                                         with a year of use (issue 18; SQLite, cached in bench-data/, ~1.7 GB)
 *   npm run bench -- --postgres           also PostgreSQL (BENCH_POSTGRES_URL or TEST_POSTGRES_URL,
 *                                         else postgres://postgres@127.0.0.1:5432/test); report at 1M
 *   npm run bench -- --postgres --full    PostgreSQL report at 1M and 10M too (several minutes more)
 *   npm run bench -- --pg-size 2000000    PostgreSQL report sizes (comma-separated)
 *   npm run bench -- --seconds 5 --seed 7 load duration per measurement; data seed
 *
 * Report databases are generated once per seed, size and schema version and
 * cached in bench-data/ (SQLite; ~0.45 GB per million responses). PostgreSQL
 * schemas are generated server-side and dropped after each run.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { parseArgs } from "node:util";
import pg from "pg";
import type { Insertable } from "kysely";
import type { ResponseTable } from "~db/schema";
import { openDatabase } from "~db/connection";
import { countResponses } from "~db/repositories/responses";
import { findDeviceByTokenHash } from "~db/repositories/devices";
import { raiseCaseEpochs, raiseRollupEpochs } from "~db/repositories/rollup-cache";
import { sha256Hex } from "~/utils/crypto.server";
import { toResponseRow } from "~/ingest/rows.server";
import { parseItem } from "~/ingest/item.server";
import { ROOT, type RunningServer, startServer } from "../helpers/server";
import { postgresReportDatabase, sqliteReportDatabase } from "./generate";
import {
  type LoadResult,
  formRequests,
  citizenTapRequests,
  ingestRequests,
  load,
  loadInTurns,
  warmUp,
  newDevices,
  seededDatabase,
  spawnScript,
} from "./load";
import { benchReport } from "./report";
import {
  NATIONAL,
  NATIONAL_FROM,
  NATIONAL_UNTIL,
  markCaseEventsDispatched,
  nationalDatabase,
  setTabletContacts,
} from "./national";
import { hashPassword } from "~/auth/password.server";
import { BOUNDS, COMPRESSION, SOAK_TABLETS, soak } from "./soak";
import { type BenchRow, fmt, median } from "./stats";

const FIGURES = ["ingest", "batch", "sync", "kiosk", "report", "login-burst", "soak", "national"] as const;
type Figure = (typeof FIGURES)[number];

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    full: { type: "boolean", default: false },
    postgres: { type: "boolean", default: false },
    only: { type: "string" },
    "pg-size": { type: "string" },
    seconds: { type: "string" },
    seed: { type: "string", default: "42" },
    minutes: { type: "string", default: "3" },
  },
});

const only = new Set<Figure>(args.only ? (args.only.split(",").map((s) => s.trim()) as Figure[]) : [...FIGURES]);
for (const f of only) if (!FIGURES.includes(f)) throw new Error(`unknown figure "${f}" (known: ${FIGURES.join(", ")})`);
const seed = Number(args.seed);
const seconds = Number(args.seconds ?? (args.quick ? 3 : 10));
const reportSizes = args.quick ? [100_000, 1_000_000] : [1_000_000, 10_000_000];
const postgresUrl =
  args.postgres || process.env.BENCH_POSTGRES_URL
    ? (process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test")
    : null;
const pgReportSizes = args["pg-size"]
  ? args["pg-size"].split(",").map(Number)
  : args.quick
    ? [100_000]
    : args.full
      ? [1_000_000, 10_000_000]
      : [1_000_000];
const CONNECTIONS = 50;
/** Tablets the citizens' taps rotate over (a province has ~150 desks, several tablets each). */
const CITIZEN_TABLETS = 500;
/** Compared servers are measured in this many alternating turns. */
const ROUNDS = args.quick ? 1 : 3;
const BATCH_ITEMS = 500;
const BATCH_CONNECTIONS = 4;
const BENCH_DATA = path.join(ROOT, "bench-data");

type Row = BenchRow;
const rows: Row[] = [];
const log = (s: string) => console.log(s);

function add(
  row: Omit<Row, "ratio" | "pass"> & { ratio?: number | null; check?: (ratio: number, value: number) => boolean }
) {
  const ratio = row.ratio !== undefined ? row.ratio : row.baseline ? row.value / row.baseline : null;
  const pass = row.check ? row.check(ratio ?? NaN, row.value) : null;
  const { check: _, ...rest } = row;
  rows.push({ ...rest, ratio, pass });
  log(
    `  ${row.figure}: ${fmt(row.value)} ${row.unit}` +
      (row.baseline ? ` vs ${fmt(row.baseline)} (${row.baselineName}) → ×${fmt(ratio!)}` : "")
  );
}

function checked(result: LoadResult, what: string): LoadResult {
  if (result.requests === 0) throw new Error(`${what}: no request completed (${result.errors} errors)`);
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(
      `${what}: ${result.non2xx} non-2xx answers (${JSON.stringify(result.statuses)}), ${result.errors} errors of ${
        result.requests
      }`
    );
  return result;
}

function tmpSqliteUrl(name: string): { url: string; drop(): Promise<void> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hailong-bench-${name}-`));
  return {
    url: `file:${path.join(dir, "hailong.sqlite")}`,
    // Async like the PostgreSQL one, so a caller awaits either.
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

function pgSchemaUrl(base: string, name: string): { url: string; drop(): Promise<void> } {
  const schema = `bench_${name}_${process.pid}`;
  const url = new URL(base);
  url.searchParams.set("schema", schema);
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    },
  };
}

const SERVER_ENV = { NODE_ENV: "production", SEED_DEMO: "yes", LOG_LEVEL: "warn" };

async function withServer<T>(env: Record<string, string>, fn: (server: RunningServer) => Promise<T>): Promise<T> {
  const started = await startServer({ ...SERVER_ENV, ...env });
  // The server listens on 127.0.0.1; "localhost" may resolve to ::1 first.
  const server = { ...started, url: started.url.replace("//localhost:", "//127.0.0.1:") };
  try {
    return await fn(server);
  } catch (error) {
    console.error(`server output:\n${server.output().split("\n").slice(-30).join("\n")}`);
    throw error;
  } finally {
    await server.stop();
  }
}

/** Every answered single-response request must be a stored row (a real insert). */
async function checkStored(databaseUrl: string, before: number, requests: number, what: string) {
  const stored = (await count(databaseUrl)) - before;
  if (stored < requests) throw new Error(`${what}: ${requests} requests answered but ${stored} rows stored`);
}

async function count(url: string): Promise<number> {
  const handle = openDatabase(url);
  try {
    return await countResponses(handle.db);
  } finally {
    await handle.close();
  }
}

/** The raw Kysely baseline: batches of the same rows, one transaction per batch, for `seconds`. */
async function kyselyInsertLoop(
  databaseUrl: string,
  token: string,
  forSeconds: number
): Promise<{ inserted: number; seconds: number }> {
  const handle = openDatabase(databaseUrl);
  try {
    const device = await findDeviceByTokenHash(handle.db, sha256Hex(token));
    if (!device) throw new Error("bench device missing");
    let inserted = 0;
    let busyMs = 0;
    const [request] = ingestRequests([token], BATCH_ITEMS, seed + 1);
    while (busyMs < forSeconds * 1000) {
      const body = JSON.parse(request.setupRequest!({}, {}).body!) as { responses: unknown[] };
      const now = new Date();
      const batch = body.responses.map((input) => {
        const parsed = parseItem(input);
        if (!parsed.ok) throw new Error("bench item invalid");
        // The raw baseline writes the stored columns itself (the conversion is outside the timing).
        const row = toResponseRow(device, parsed.item, now);
        return Object.fromEntries(
          Object.entries(row).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v])
        ) as Insertable<ResponseTable>;
      });
      const t0 = performance.now();
      await handle.db.transaction().execute(async (trx) => {
        for (const row of batch) await trx.insertInto("responses").values(row).execute();
      });
      busyMs += performance.now() - t0;
      inserted += batch.length;
    }
    return { inserted, seconds: busyMs / 1000 };
  } finally {
    await handle.close();
  }
}

function bareRequests(path: string, method: "GET" | "POST") {
  const body =
    method === "POST" ? JSON.stringify({ responses: [{ id: crypto.randomUUID(), rating: "satisfied" }] }) : undefined;
  return [{ method, path, headers: { "content-type": "application/json" }, ...(body ? { body } : {}) }];
}

async function ingestFigures(dialect: "sqlite" | "postgres", databaseUrl: string, drop: () => Promise<void> | void) {
  const tag = dialect === "sqlite" ? "SQLite" : "PostgreSQL";
  try {
    await withServer({ DATABASE_URL: databaseUrl }, async (server) => {
      // One tablet per connection, and one more for the raw insert loop, whose rows the spam rule never judged.
      const devices = await newDevices(databaseUrl, CONNECTIONS + 1);
      const rawToken = devices.pop()!.token;
      const tokens = devices.map((d) => d.token);
      if (only.has("ingest")) {
        log(`ingest, single responses (${tag}, ${CONNECTIONS} connections, ${seconds} s each in ${ROUNDS} turns)`);
        const naiveDb = dialect === "sqlite" ? tmpSqliteUrl("naive") : pgSchemaUrl(postgresUrl!, "naive");
        const bare = await spawnScript("bare-server.ts");
        try {
          await seededDatabase(naiveDb.url);
          const naiveTokens = (await newDevices(naiveDb.url, CONNECTIONS)).map((d) => d.token);
          const naiveServer = await spawnScript("naive-remix-server.ts", { DATABASE_URL: naiveDb.url });
          try {
            const citizens = (await newDevices(databaseUrl, CITIZEN_TABLETS)).map((d) => d.token);
            const targets = [
              { url: bare.url, connections: CONNECTIONS, requests: bareRequests("/api/v1/responses", "POST") },
              { url: server.url, connections: CONNECTIONS, requests: citizenTapRequests(citizens, seed) },
              { url: naiveServer.url, connections: CONNECTIONS, requests: formRequests(naiveTokens, seed) },
              { url: server.url, connections: CONNECTIONS, requests: ingestRequests(tokens, 1, seed) },
            ];
            await warmUp(targets);
            const before = await count(databaseUrl);
            const [bareResult, ingest, naive, spam] = await loadInTurns(targets, seconds, ROUNDS);
            checked(bareResult, "bare node:http");
            checked(ingest, "ingest");
            checked(naive, "naive Remix");
            checked(spam, "ingest, spam");
            await checkStored(databaseUrl, before, ingest.requests + spam.requests, "ingest");
            const detail = {
              p50: ingest.p50,
              p99: ingest.p99,
              bareP50: bareResult.p50,
              bareP99: bareResult.p99,
              naiveP50: naive.p50,
              naiveP99: naive.p99,
            };
            add({
              figure: `ingest 1/request req/s, ${tag}, ${CITIZEN_TABLETS} tablets (p50 ${ingest.p50} ms, p99 ${ingest.p99} ms)`,
              value: ingest.rps,
              unit: "req/s",
              baseline: bareResult.rps,
              baselineName: "bare node:http",
              // Retired as a goal: the ceiling of node:http on this machine, not a user's need.
              goal: "info (was ≥ 15%)",
              detail,
            });
            add({
              figure: `ingest 1/request req/s vs naive Remix, ${tag} (naive p50 ${naive.p50} ms, p99 ${naive.p99} ms)`,
              value: ingest.rps,
              unit: "req/s",
              baseline: naive.rps,
              baselineName: "naive Remix action",
              goal: dialect === "sqlite" ? "≥ 5×" : "info",
              check: dialect === "sqlite" ? (r) => r >= 5 : undefined,
              detail,
            });
            if (dialect === "postgres") {
              add({
                figure: `ingest 1/request p99 latency, ${tag}, ${CONNECTIONS} connections`,
                value: ingest.p99,
                unit: "ms",
                baseline: null,
                baselineName: "",
                goal: "< 50 ms",
                check: (_r, v) => v < 50,
                detail,
              });
            }
            add({
              figure: `ingest 1/request, every tap flagged as spam (${CONNECTIONS} tablets tapping non-stop), ${tag}`,
              value: spam.rps,
              unit: "req/s",
              baseline: ingest.rps,
              baselineName: "citizens' taps",
              goal: "info (spam rule's cost)",
              detail: { p50: spam.p50, p99: spam.p99 },
            });
          } finally {
            await naiveServer.stop();
          }
        } finally {
          await bare.stop();
          await naiveDb.drop();
        }
      }
      if (only.has("batch")) {
        log(
          `ingest, batches of ${BATCH_ITEMS} (${tag}, ${BATCH_CONNECTIONS} connections, in turns with the raw insert loop)`
        );
        const requests = ingestRequests(tokens, BATCH_ITEMS, seed + 2);
        await warmUp([{ url: server.url, connections: BATCH_CONNECTIONS, requests }]);
        const before = await count(databaseUrl);
        let answered = 0;
        let rawInserted = 0;
        let rawSeconds = 0;
        const p50s: number[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          const batch = await load({
            url: server.url,
            connections: BATCH_CONNECTIONS,
            seconds: seconds / ROUNDS,
            requests,
          });
          checked(batch, "batch ingest");
          answered += batch.requests;
          p50s.push(batch.p50);
          const raw = await kyselyInsertLoop(databaseUrl, rawToken, seconds / ROUNDS);
          rawInserted += raw.inserted;
          rawSeconds += raw.seconds;
        }
        const stored = (await count(databaseUrl)) - before;
        if (stored < answered * BATCH_ITEMS + rawInserted)
          throw new Error(`batch: ${answered * BATCH_ITEMS} items answered but fewer stored`);
        add({
          figure: `batch ingest responses/s, ${tag} (p50 ${median(p50s)} ms per 500)`,
          value: (answered * BATCH_ITEMS) / seconds,
          unit: "responses/s",
          baseline: rawInserted / rawSeconds,
          baselineName: "raw Kysely insert loop",
          goal: "≥ 50%",
          check: (r) => r >= 0.5,
        });
      }
      if (only.has("kiosk") && dialect === "sqlite") await kioskFigures(server, devices[0].pairingCode);
    });
  } finally {
    await drop();
  }
}

async function soakFigures(minutes: number) {
  log(
    `soak (SQLite, ${minutes} min): ${SOAK_TABLETS} tablets' status every minute and their citizens' taps, ${COMPRESSION}× compressed`
  );
  const db = tmpSqliteUrl("soak");
  try {
    await withServer({ DATABASE_URL: db.url }, async (server) => {
      const r = await soak(server, db.url, minutes, seed);
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`soak: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
      const detail = {
        statusReports: r.statusReports,
        taps: r.taps,
        start: r.start,
        end: r.end,
        samples: r.samples.length,
      };
      log(
        `  ${r.statusReports} status reports and ${r.taps} taps; samples every 10 s: ` +
          r.samples.map((x) => `${x.rssMb.toFixed(0)}/${x.heapMb.toFixed(0)} MB, ${x.fds} fds`).join("; ")
      );
      add({
        figure: `soak: resident memory growth, ${minutes} min (${r.start.rssMb.toFixed(0)} → ${r.end.rssMb.toFixed(0)} MB)`,
        value: r.growth.rssMb,
        unit: "MB",
        baseline: null,
        baselineName: "",
        goal: `≤ ${BOUNDS.rssMb} MB`,
        check: (_r, v) => v <= BOUNDS.rssMb,
        detail,
      });
      add({
        figure: `soak: V8 heap growth, ${minutes} min (${r.start.heapMb.toFixed(1)} → ${r.end.heapMb.toFixed(1)} MB)`,
        value: r.growth.heapMb,
        unit: "MB",
        baseline: null,
        baselineName: "",
        goal: `≤ ${BOUNDS.heapMb} MB`,
        check: (_r, v) => v <= BOUNDS.heapMb,
      });
      add({
        figure: `soak: open file handles growth, ${minutes} min (${r.start.fds} → ${r.end.fds})`,
        value: r.growth.fds,
        unit: "fds",
        baseline: null,
        baselineName: "",
        goal: `≤ ${BOUNDS.fds}`,
        check: (_r, v) => v <= BOUNDS.fds,
      });
    });
  } finally {
    await db.drop();
  }
}

async function syncFigure() {
  log(`SQLite synchronous FULL vs NORMAL (single responses, ${CONNECTIONS} connections, in turns)`);
  const dbs = [tmpSqliteUrl("sync-full"), tmpSqliteUrl("sync-normal")];
  try {
    await withServer({ DATABASE_URL: dbs[0].url, SQLITE_SYNCHRONOUS: "FULL" }, (full) =>
      withServer({ DATABASE_URL: dbs[1].url, SQLITE_SYNCHRONOUS: "NORMAL" }, async (normal) => {
        const targets = [];
        for (const [server, db] of [
          [full, dbs[0]],
          [normal, dbs[1]],
        ] as const) {
          const tokens = (await newDevices(db.url, CONNECTIONS)).map((d) => d.token);
          targets.push({ url: server.url, connections: CONNECTIONS, requests: ingestRequests(tokens, 1, seed) });
        }
        await warmUp(targets);
        const [f, n] = await loadInTurns(targets, seconds, ROUNDS);
        checked(f, "ingest FULL");
        checked(n, "ingest NORMAL");
        add({
          figure: `ingest req/s, synchronous=FULL vs NORMAL (p99 ${f.p99} / ${n.p99} ms)`,
          value: f.rps,
          unit: "req/s",
          baseline: n.rps,
          baselineName: "synchronous=NORMAL",
          goal: "info (cost of FULL)",
        });
      })
    );
  } finally {
    for (const db of dbs) await db.drop();
  }
}

async function kioskFigures(server: RunningServer, pairingCode: string) {
  log(`kiosk page (GET /kiosk, ${CONNECTIONS} connections)`);
  const paired = await fetch(`${server.url}/kiosk/pair`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
    body: new URLSearchParams({ code: pairingCode }),
    redirect: "manual",
  });
  const cookie = paired.headers.get("set-cookie")?.split(";")[0];
  if (!cookie?.startsWith("hl_device=")) throw new Error(`kiosk pairing failed (${paired.status})`);
  const html = await (await fetch(`${server.url}/kiosk`, { headers: { cookie } })).text();
  if (!html.includes("kiosk-step")) throw new Error("GET /kiosk did not render the survey");
  const bareServer = await spawnScript("bare-server.ts");
  let bare: LoadResult;
  let page: LoadResult;
  try {
    const targets = [
      { url: bareServer.url, connections: CONNECTIONS, requests: bareRequests("/kiosk", "GET") },
      {
        url: server.url,
        connections: CONNECTIONS,
        requests: [{ method: "GET" as const, path: "/kiosk", headers: { cookie } }],
      },
    ];
    await warmUp(targets);
    [bare, page] = await loadInTurns(targets, seconds, ROUNDS);
  } finally {
    await bareServer.stop();
  }
  checked(bare, "bare node:http");
  checked(page, "GET /kiosk");
  add({
    figure: `kiosk page req/s (p50 ${page.p50} ms, p99 ${page.p99} ms)`,
    value: page.rps,
    unit: "req/s",
    baseline: bare.rps,
    baselineName: "bare node:http",
    goal: "≥ 3%",
    check: (r) => r >= 0.03,
  });
  const js = await kioskJavaScriptBytes(server.url, html);
  add({
    figure: `kiosk page JavaScript, gzip (${js.files} files)`,
    value: js.bytes / 1024,
    unit: "KB",
    baseline: 90,
    baselineName: "budget",
    goal: "≤ 90 KB",
    check: (r, v) => v <= 90,
  });
}

/** Every script the kiosk page loads, with the modules they import and inline scripts, gzipped (as tests/e2e/kiosk-budget.test.ts). */
async function kioskJavaScriptBytes(baseUrl: string, html: string): Promise<{ bytes: number; files: number }> {
  const gzip = (text: string) => zlib.gzipSync(Buffer.from(text, "utf8")).length;
  const seen = new Map<string, number>();
  const queue = [
    ...[...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]),
  ];
  while (queue.length > 0) {
    const url = queue.pop()!;
    if (seen.has(url)) continue;
    const js = await (await fetch(`${baseUrl}${url}`)).text();
    seen.set(url, gzip(js));
    queue.push(...[...js.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\/[^"']+\.js)["']/g)].map((m) => m[1]));
  }
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
    .map((m) => m[1])
    .filter((s) => s.trim());
  return {
    bytes: [...seen.values()].reduce((a, b) => a + b, 0) + inline.reduce((a, s) => a + gzip(s), 0),
    files: seen.size,
  };
}

/** Wrong passwords in one burst, as issue 12's attacker sent them. */
const BURST = 1000;
/** One probe request every this many ms: a province's tablets, not a load test. */
const PROBE_EVERY_MS = 10;

function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * Sends a request every PROBE_EVERY_MS (one at a time) until `until` settles:
 * the latencies in ms of those answered 2xx, and how many were not (a reset
 * connection, an error status).
 */
async function probe(
  send: () => Promise<Response>,
  until: Promise<unknown>
): Promise<{ latencies: number[]; failed: number }> {
  let done = false;
  void until.finally(() => (done = true));
  const latencies: number[] = [];
  let failed = 0;
  while (!done) {
    const t0 = performance.now();
    try {
      const res = await send();
      await res.arrayBuffer();
      if (res.ok) latencies.push(performance.now() - t0);
      else failed++;
    } catch {
      failed++;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, PROBE_EVERY_MS - (performance.now() - t0))));
  }
  return { latencies, failed };
}

/** Starts tests/bench/login-burst.ts and waits until it is ready; `fire()` sends the burst, resolving to its statuses. */
async function burstProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "tests/bench/login-burst.ts")], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: "production", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  const exited = new Promise<void>((resolve, reject) =>
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`login burst exited ${code}:\n${err}`))))
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.startsWith("ready\n")) resolve();
    });
    exited.catch(reject);
  });
  return {
    async fire(): Promise<Record<string, number>> {
      child.stdin!.write("go\n");
      await exited;
      return JSON.parse(out.slice("ready\n".length)) as Record<string, number>;
    },
  };
}

/**
 * Issue 12: a burst of 1,000 sign-ins must not delay the kiosk page and the
 * API by more than a few milliseconds. Two probes — GET /kiosk and a tablet's
 * tap (POST /api/v1/responses), each one request every 10 ms — measured
 * quietly and while a burst is answered, in turns, in the same run: from one
 * address (5 passwords checked, the rest 429 at once) and from 1,000
 * addresses (each may be checked: the hashing queue, 2 at once and 16
 * waiting, answers the rest 503).
 */
/** The least time each kind of the login-burst figures is probed for. */
const BURST_WINDOW_MS = 8000;

async function loginBurstFigures() {
  log(`login burst (${BURST} wrong passwords at once) against the kiosk page and the API, in ${ROUNDS} turns`);
  const db = tmpSqliteUrl("login-burst");
  try {
    await seededDatabase(db.url);
    const devices = await newDevices(db.url, 2);
    await withServer({ DATABASE_URL: db.url }, async (server) => {
      const paired = await fetch(`${server.url}/kiosk/pair`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
        body: new URLSearchParams({ code: devices[0].pairingCode }),
        redirect: "manual",
      });
      const cookie = paired.headers.get("set-cookie")?.split(";")[0];
      if (!cookie?.startsWith("hl_device=")) throw new Error(`kiosk pairing failed (${paired.status})`);
      const [tap] = citizenTapRequests([devices[1].token], seed + 3);
      const probes = {
        kiosk: () => fetch(`${server.url}/kiosk`, { headers: { cookie } }),
        api: () => {
          const { headers, body } = tap.setupRequest!({}, {}) as { headers: Record<string, string>; body: string };
          return fetch(`${server.url}/api/v1/responses`, { method: "POST", headers, body });
        },
      };
      const kinds = ["quiet", "one address", `${BURST} addresses`] as const;
      const samples = Object.fromEntries(
        kinds.map((k) => [k, { kiosk: [] as number[], api: [] as number[], failed: 0, ms: 0 }])
      );
      const statuses: Record<string, Record<string, number>> = {};
      let address = 1;
      const warm = new Promise((resolve) => setTimeout(resolve, 2000));
      await Promise.all([probe(probes.kiosk, warm), probe(probes.api, warm)]);
      for (let round = 0; round < ROUNDS; round++) {
        for (const kind of kinds) {
          // Each burst its own username and addresses, so that no burst meets another's counts.
          const many = kind !== "one address";
          const burst =
            kind === "quiet"
              ? null
              : await burstProcess({
                  BURST_URL: server.url,
                  BURST_SIZE: String(BURST),
                  BURST_USERNAME: `burst-${round}-${many ? "many" : "one"}`,
                  BURST_ADDRESS: String(address),
                  BURST_FROM: many ? "many" : "one",
                });
          if (burst) address += many ? BURST : 1;
          const t0 = performance.now();
          const answered = burst ? burst.fire() : Promise.resolve(null);
          const answeredAfterMs = answered.then(() => performance.now() - t0);
          // Every kind is probed over the same window from its start (longer if its burst takes longer):
          // a burst answered sooner must not count fewer calm probes, nor more, than a slower one.
          const window = Promise.all([answered, new Promise((resolve) => setTimeout(resolve, BURST_WINDOW_MS))]);
          const [kiosk, api] = await Promise.all([probe(probes.kiosk, window), probe(probes.api, window)]);
          samples[kind].kiosk.push(...kiosk.latencies);
          samples[kind].api.push(...api.latencies);
          samples[kind].failed += kiosk.failed + api.failed;
          samples[kind].ms += await answeredAfterMs;
          const counts = await answered;
          for (const [status, n] of Object.entries(counts ?? {})) {
            statuses[kind] = { ...statuses[kind], [status]: (statuses[kind]?.[status] ?? 0) + n };
          }
        }
      }
      const quiet = samples.quiet;
      for (const kind of kinds.slice(1)) {
        const during = samples[kind];
        for (const name of ["kiosk", "api"] as const) {
          const what = name === "kiosk" ? "GET /kiosk" : "POST /api/v1/responses (1 tap)";
          const p50 = percentile(during[name], 0.5);
          const p99 = percentile(during[name], 0.99);
          const max = Math.max(...during[name]);
          const quietMax = Math.max(...quiet[name]);
          const quietP50 = percentile(quiet[name], 0.5);
          const quietP99 = percentile(quiet[name], 0.99);
          add({
            figure: `${what} p99 while ${BURST} sign-ins from ${kind} are answered (p50 ${fmt(p50)} vs ${fmt(
              quietP50
            )} ms quiet, max ${fmt(max)} vs ${fmt(quietMax)}; burst ${fmt(during.ms / ROUNDS / 1000)} s, ${JSON.stringify(statuses[kind])}${
              during.failed ? `; ${during.failed} probes failed` : ""
            })`,
            value: p99,
            unit: "ms",
            baseline: quietP99,
            baselineName: "p99 quiet",
            goal: "info (a few ms)",
            detail: {
              p50,
              p99,
              quietP50,
              quietP99,
              max,
              quietMax,
              samples: during[name].length,
              failedProbes: during.failed,
              statuses: statuses[kind],
            },
          });
        }
      }
    });
  } finally {
    await db.drop();
  }
}

async function reportFigures(dialect: "sqlite" | "postgres", sizes: number[]) {
  const tag = dialect === "sqlite" ? "SQLite" : "PostgreSQL";
  const timings: number[] = [];
  for (const size of sizes) {
    log(`province-year report by unit, ${size.toLocaleString("en")} responses (${tag})`);
    const generated: { url: string; cached: boolean; seconds: number; drop?: () => Promise<void> } =
      dialect === "sqlite"
        ? await sqliteReportDatabase(BENCH_DATA, size, seed, log)
        : await postgresReportDatabase(postgresUrl!, size, seed, log);
    log(generated.cached ? "  (cached database)" : `  generated in ${generated.seconds.toFixed(0)} s`);
    try {
      const big = size >= 5_000_000;
      const t = await benchReport(generated.url, { report: 11, groupBy: args.quick || big ? 1 : 3 });
      if (t.responses !== size) throw new Error(`report counted ${t.responses} responses, generated ${size}`);
      timings.push(t.reportMs);
      const largest = size === Math.max(...sizes);
      add({
        figure: `report ms at ${size >= 1e6 ? `${size / 1e6}M` : `${size / 1e3}k`}, ${tag} (median of 11; GROUP BY ${
          t.groupByMs >= 1000 ? `${(t.groupByMs / 1000).toFixed(1)} s` : `${t.groupByMs.toFixed(0)} ms`
        }; numbers equal)`,
        value: t.reportMs,
        unit: "ms",
        baseline: t.groupByMs,
        baselineName: "GROUP BY over responses",
        ratio: t.groupByMs / t.reportMs,
        goal: largest && size >= 10_000_000 ? "≥ 100× faster, ≤ 50 ms" : "info",
        check: largest && size >= 10_000_000 ? (r, v) => r >= 100 && v <= 50 : undefined,
        detail: { responses: t.responses, groups: t.groups },
      });
    } finally {
      await generated.drop?.();
    }
  }
  if (sizes.length > 1) {
    const [small, large] = [timings[0], timings.at(-1)!];
    add({
      figure: `report time ${sizes.at(-1)! / sizes[0]}× the responses, ${tag} (flat)`,
      value: large,
      unit: "ms",
      baseline: small,
      baselineName: `report at ${sizes[0].toLocaleString("en")}`,
      goal: "flat (≤ 2×)",
      check: (r) => r <= 2,
    });
  }
}

/**
 * Issue 18: each admin list page, /reports and the report API on a national
 * installation with a year of use (tests/bench/national.ts), signed in as an
 * administrator of the whole country: time to the last byte on the loopback
 * (median of 5 after one warm-up; the server's time, as nothing else is
 * between) and the answer's size. Goals: ≤ 100 ms and ≤ 200 KB. Each run
 * reads a copy of the cached database, so the server's own writes (sessions,
 * the scheduler's jobs) never change the cache.
 */
async function nationalFigures() {
  log(
    `national installation: ${NATIONAL.communes} communes, ${NATIONAL.communes * NATIONAL.desksPerCommune} desks, ${
      NATIONAL.tablets
    } tablets, ${NATIONAL.users} users, ${NATIONAL.responses.toLocaleString("en")} responses ${NATIONAL_FROM} – ${NATIONAL_UNTIL}`
  );
  const password = "mat-khau-quoc-gia-2026";
  const built = await nationalDatabase(BENCH_DATA, seed, () => hashPassword(password), log);
  log(
    `  ${built.cached ? "cached database" : `built in ${built.seconds.toFixed(0)} s`}: ${Object.entries(built.counts)
      .map(([k, n]) => `${k} ${n.toLocaleString("en")}`)
      .join(", ")}`
  );
  const db = tmpSqliteUrl("national");
  try {
    fs.copyFileSync(built.url.slice("file:".length), db.url.slice("file:".length));
    const handle = openDatabase(db.url);
    try {
      await setTabletContacts(handle.db, new Date());
      await markCaseEventsDispatched(handle.db);
    } finally {
      await handle.close();
    }
    await withServer({ DATABASE_URL: db.url, SEED_DEMO: "no" }, async (server) => {
      const login = await fetch(`${server.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: "quantri", password, redirectTo: "/admin" }),
      });
      const cookie = login.headers
        .getSetCookie()
        .find((c) => c.startsWith("hl_session="))
        ?.split(";")[0];
      if (login.status !== 302 || !cookie) throw new Error(`sign-in failed (${login.status})`);
      const year = `from=${NATIONAL_FROM}&to=${NATIONAL_UNTIL}`;
      const pages = [
        "/admin",
        "/admin/units",
        "/admin/units?q=son",
        "/admin/desks",
        "/admin/desks?unitq=10",
        "/admin/devices",
        "/admin/devices?state=stale&sort=last_seen",
        "/admin/users",
        "/admin/users?role=manager&size=200",
        "/admin/officers",
        "/admin/audit",
        "/admin/suspects",
        "/admin/suspects?show=reviewed",
        "/admin/cases",
        // The current month, the whole country (the default).
        "/reports",
        // The year: the whole country (its 34 provinces), one province (its ~98 communes), one commune (its desks).
        `/reports?${year}`,
        `/reports?${year}&unit=10`,
        `/reports?${year}&unit=10001`,
        // The report JSON for the whole country and the year, by province and by level.
        `/api/v1/reports/rates?${year}&unit=*`,
        `/api/v1/reports/rates?${year}&unit=*&by=level`,
      ];
      for (const page of pages) {
        const times: number[] = [];
        let firstMs = 0;
        let bytes = 0;
        let status = 0;
        for (let i = 0; i < 6; i++) {
          const t0 = performance.now();
          const res = await fetch(`${server.url}${page}`, { headers: { cookie, "accept-encoding": "identity" } });
          const body = await res.arrayBuffer();
          const ms = performance.now() - t0;
          status = res.status;
          bytes = body.byteLength;
          if (i > 0) times.push(ms);
          else firstMs = ms;
        }
        if (status !== 200) throw new Error(`${page} answered ${status}`);
        const ms = median(times);
        const load = os.loadavg()[0];
        // The first fetch reads every rollup part; the next ones find the closed months' sums kept (ADR 063).
        const first = firstMs.toFixed(0);
        add({
          figure: `national: GET ${page} (${fmt(bytes / 1024)} KB${page.startsWith("/api/") ? " of JSON" : " of HTML"}; first ${first} ms; load ${load.toFixed(1)})`,
          value: ms,
          unit: "ms",
          baseline: null,
          baselineName: "",
          goal: "≤ 100 ms, ≤ 200 KB",
          check: (_r, v) => v <= 100 && bytes <= 200 * 1024,
          detail: { bytes, times, firstMs, loadAverage: os.loadavg() },
        });
      }
      // As in office hours: before each fetch, answers and a case arrive for the current month (its counters
      // move, as another process's commit moves them), so its sums are read again; the earlier months stay kept.
      const writer = openDatabase(db.url);
      try {
        const month = NATIONAL_UNTIL.slice(0, 7);
        for (const page of ["/reports", `/reports?${year}`]) {
          const times: number[] = [];
          for (let i = 0; i < 6; i++) {
            await raiseRollupEpochs(writer.db, [month]);
            await raiseCaseEpochs(writer.db, [month]);
            const t0 = performance.now();
            const res = await fetch(`${server.url}${page}`, { headers: { cookie, "accept-encoding": "identity" } });
            await res.arrayBuffer();
            if (res.status !== 200) throw new Error(`${page} answered ${res.status}`);
            times.push(performance.now() - t0);
          }
          add({
            figure: `national: GET ${page} while answers arrive (information; load ${os.loadavg()[0].toFixed(1)})`,
            value: median(times),
            unit: "ms",
            baseline: null,
            baselineName: "",
            goal: "—",
            detail: { times, loadAverage: os.loadavg() },
          });
        }
      } finally {
        await writer.close();
      }
    });
  } finally {
    await db.drop();
  }
}

async function main() {
  const started = Date.now();
  log(
    `HaiLong bench: ${[...only].join(", ")}; ${seconds} s per load run; seed ${seed}${
      postgresUrl ? "; with PostgreSQL" : ""
    }`
  );
  if (!fs.existsSync(path.join(ROOT, "build/index.js")))
    throw new Error('build/index.js is missing: run "npx remix build" first');
  if (only.has("ingest") || only.has("batch") || only.has("kiosk")) {
    const db = tmpSqliteUrl("ingest");
    await ingestFigures("sqlite", db.url, db.drop);
  }
  if (only.has("sync")) await syncFigure();
  if (only.has("login-burst")) await loginBurstFigures();
  if (only.has("report")) await reportFigures("sqlite", reportSizes);
  if (only.has("soak")) await soakFigures(Number(args.minutes));
  if (only.has("national")) await nationalFigures();
  if (postgresUrl) {
    if (only.has("ingest") || only.has("batch")) {
      const schema = pgSchemaUrl(postgresUrl, "ingest");
      await ingestFigures("postgres", schema.url, schema.drop);
    }
    if (only.has("report")) await reportFigures("postgres", pgReportSizes);
  }
  printTable();
  const dir = path.join(ROOT, "bench-results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  const meta = {
    date: new Date().toISOString(),
    seconds,
    seed,
    quick: args.quick,
    postgres: postgresUrl !== null,
    cpus: os.cpus().length,
    node: process.version,
    minutes: (Date.now() - started) / 60000,
  };
  fs.writeFileSync(file, JSON.stringify({ ...meta, figures: rows }, null, 2));
  log(`\nwritten to ${path.relative(process.cwd(), file)} (${meta.minutes.toFixed(1)} min)`);
  if (rows.some((r) => r.pass === false)) process.exitCode = 1;
}

function printTable() {
  const table = [
    ["figure", "value", "baseline", "ratio", "goal", "result"],
    ...rows.map((r) => [
      r.figure,
      `${fmt(r.value)} ${r.unit}`,
      r.baseline === null ? "—" : `${fmt(r.baseline)} (${r.baselineName})`,
      r.ratio === null ? "—" : `×${fmt(r.ratio)}`,
      r.goal,
      r.pass === null ? "—" : r.pass ? "pass" : "FAIL",
    ]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  log("");
  for (const [i, row] of table.entries()) {
    log(row.map((cell, j) => cell.padEnd(widths[j])).join("  "));
    if (i === 0) log(widths.map((w) => "-".repeat(w)).join("  "));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
