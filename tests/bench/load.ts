/**
 * Load generation for the bench: autocannon runs, the servers measured
 * (the built app, a bare node:http server, a naive Remix app), devices and
 * request bodies.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import autocannon from "autocannon";
import { openDatabase } from "~db/connection";
import { migrateToLatest } from "~db/migrate";
import { listDesks } from "~db/repositories/desks";
import { createDevice } from "~/devices/devices.server";
import { newUuid } from "~/kiosk/machine";
import { seedDemo, seededRandom } from "~/setup/demo.server";
import { ROOT, TEST_SESSION_SECRET, freePort } from "../helpers/server";
import { median } from "./stats";

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
  errors: number;
}

const WARMUP_SECONDS = 2;

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  requests: autocannon.Request[];
}

/**
 * Short unrecorded runs against each target, so JIT, caches and connection
 * setup are warm before the measured ones. Call it before counting what the
 * measured runs store: the warm-up's requests are real too.
 */
export async function warmUp(targets: readonly Omit<LoadOptions, "seconds">[]): Promise<void> {
  for (const t of targets) {
    await autocannon({ url: t.url, connections: t.connections, duration: WARMUP_SECONDS, requests: t.requests });
  }
}

/** One measured load run (after `warmUp`). */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    requests: options.requests,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    statuses: statusCounts([result]),
    errors: result.errors + result.timeouts,
  };
}

/**
 * Several targets measured in turns — round 1 of each, round 2 of each, … —
 * so that a change in the shared machine's load falls on all of them alike
 * (after `warmUp`). Throughput is over all rounds; latencies are
 * the median of the rounds' percentiles.
 */
export async function loadInTurns(
  targets: readonly Omit<LoadOptions, "seconds">[],
  seconds: number,
  rounds: number
): Promise<LoadResult[]> {
  const runs: autocannon.Result[][] = targets.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [i, t] of targets.entries()) {
      runs[i].push(
        await autocannon({ url: t.url, connections: t.connections, duration: seconds / rounds, requests: t.requests })
      );
    }
  }
  return runs.map((results) => {
    const requests = results.reduce((a, x) => a + x.requests.total, 0);
    return {
      rps: requests / seconds,
      p50: median(results.map((x) => x.latency.p50)),
      p99: median(results.map((x) => x.latency.p99)),
      requests,
      non2xx: results.reduce((a, x) => a + x.non2xx, 0),
      statuses: statusCounts(results),
      errors: results.reduce((a, x) => a + x.errors + x.timeouts, 0),
    };
  });
}

function statusCounts(results: readonly autocannon.Result[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results)
    for (const [code, { count }] of Object.entries(r.statusCodeStats ?? {})) out[code] = (out[code] ?? 0) + count;
  return out;
}

export interface Process {
  url: string;
  stop(): Promise<void>;
}

/** A bench server script (tests/bench/*.ts) in its own process, once it prints "listening". */
export async function spawnScript(script: string, env: Record<string, string> = {}): Promise<Process> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "tests/bench", script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes("listening")) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (d) => (out += d));
    child.once("exit", () => reject(new Error(`${script} exited:\n${out}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Migrates and demo-seeds a database the way the server's first start does (for the naive baseline). */
export async function seededDatabase(url: string): Promise<void> {
  const handle = openDatabase(url);
  try {
    await migrateToLatest(handle);
    await seedDemo(handle.db, TEST_SESSION_SECRET, new Date(), { days: 0 });
  } finally {
    await handle.close();
  }
}

/** `count` new tablets spread over the demo desks; their bearer tokens and pairing codes. */
export async function newDevices(url: string, count: number): Promise<{ token: string; pairingCode: string }[]> {
  const handle = openDatabase(url);
  try {
    const desks = await listDesks(handle.db);
    const out: { token: string; pairingCode: string }[] = [];
    for (let i = 0; i < count; i++) {
      const created = await createDevice(
        handle.db,
        TEST_SESSION_SECRET,
        { deskCode: desks[i % desks.length].code, name: `bench ${i}` },
        new Date()
      );
      out.push({ token: created.token, pairingCode: created.pairing.code });
    }
    return out;
  } finally {
    await handle.close();
  }
}

const RATINGS = ["very_satisfied", "satisfied", "neutral", "dissatisfied"] as const;
const FIELDS = ["dat_dai", "ho_tich", "xay_dung"];

/** A response as a tablet sends it; `ageMs` back from now (an outbox delivers older taps). */
function item(random: () => number, ageMs: number) {
  const r = random();
  const rating = r < 0.45 ? RATINGS[0] : r < 0.9 ? RATINGS[1] : r < 0.96 ? RATINGS[2] : RATINGS[3];
  const at = Date.now() - ageMs;
  return {
    id: newUuid(at), // the kiosk's ids (time-ordered, app/kiosk/machine.ts)
    submittedAt: new Date(at).toISOString(),
    questionnaireVersion: 1,
    rating,
    ...(rating === "dissatisfied" ? { reasons: random() < 0.25 ? ["harassment"] : ["long_wait"] } : {}),
    fieldCode: FIELDS[Math.floor(random() * FIELDS.length)],
    onTime: random() < 0.97,
    language: "vi",
  };
}

/**
 * POSTs to the ingest API, each with fresh ids (every request a real insert),
 * rotating over the tablets' tokens. Single responses are taps of now; a batch
 * is an outbox's backlog spread over the last 20 days.
 */
export function ingestRequests(tokens: readonly string[], itemsPerRequest: number, seed: number): autocannon.Request[] {
  const random = seededRandom(seed);
  let n = 0;
  return [
    {
      method: "POST",
      path: "/api/v1/responses",
      setupRequest: (req) => {
        const items = [];
        for (let i = 0; i < itemsPerRequest; i++) {
          items.push(item(random, itemsPerRequest === 1 ? 0 : Math.floor(random() * 20 * 86_400_000)));
        }
        return {
          ...req,
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${tokens[n++ % tokens.length]}`,
          },
          body: JSON.stringify({ responses: items }),
        };
      },
    },
  ];
}

/** How far apart one tablet's citizens tap in `citizenTapRequests`: the spam rule sees nothing to flag. */
export const CITIZEN_TAP_SPACING_MS = 40_000;

/**
 * Single responses as a province's tablets send them: each tablet's taps
 * CITIZEN_TAP_SPACING_MS apart (from 20 days ago on), rotating over many
 * tablets — the load of citizens, where `ingestRequests(…, 1, …)` with a few
 * tablets tapping many times a second is the spam rule's worst case (every
 * tap flagged, its rollups moved).
 */
export function citizenTapRequests(tokens: readonly string[], seed: number): autocannon.Request[] {
  const random = seededRandom(seed);
  const start = Date.now() - 20 * 86_400_000;
  const taps = new Array<number>(tokens.length).fill(0);
  let n = 0;
  return [
    {
      method: "POST",
      path: "/api/v1/responses",
      setupRequest: (req) => {
        const tablet = n++ % tokens.length;
        const at = start + taps[tablet]++ * CITIZEN_TAP_SPACING_MS;
        return {
          ...req,
          headers: { "content-type": "application/json", authorization: `Bearer ${tokens[tablet]}` },
          body: JSON.stringify({ responses: [item(random, Date.now() - at)] }),
        };
      },
    },
  ];
}

/** The naive Remix baseline's form post: one response. */
export function formRequests(tokens: readonly string[], seed: number): autocannon.Request[] {
  const random = seededRandom(seed);
  let n = 0;
  return [
    {
      method: "POST",
      path: "/responses",
      setupRequest: (req) => {
        const it = item(random, 0);
        return {
          ...req,
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            authorization: `Bearer ${tokens[n++ % tokens.length]}`,
          },
          body: new URLSearchParams({
            id: it.id,
            rating: it.rating,
            fieldCode: it.fieldCode,
            questionnaireVersion: "1",
          }).toString(),
        };
      },
    },
  ];
}
