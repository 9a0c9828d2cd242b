/**
 * The soak (`npm run bench -- --only soak [--minutes 3]`): the built server
 * under a steady kiosk-like load for a bounded few minutes — 500 tablets
 * reporting their status every minute and citizens tapping, time compressed
 * COMPRESSION times — sampled every SAMPLE_SECONDS for its resident memory,
 * V8 heap and open file handles. Growth from the first samples to the last
 * beyond the stated bounds is a leak (a cache without a bound, a listener
 * per request, a file or connection never closed).
 */
import fs from "node:fs";
import autocannon from "autocannon";
import { seededRandom } from "~/setup/demo.server";
import type { RunningServer } from "../helpers/server";
import { citizenTapRequests, newDevices } from "./load";
import { median } from "./stats";

export const SOAK_TABLETS = 500;
/** A minute of the province's life every COMPRESSION-th of a minute. */
export const COMPRESSION = 10;
/** A province's citizens: ~1 tap a tablet every 2 minutes in office hours. */
const TAPS_PER_TABLET_PER_MINUTE = 0.5;
const SAMPLE_SECONDS = 10;
/**
 * Samples at each end compared: their median resident memory and handles, and
 * their lowest heap — the heap saws up and down with each collection, its
 * floor is what stays alive.
 */
const EDGE_SAMPLES = 4;
/** Bounds on growth from the start to the end of the soak. */
export const BOUNDS = { rssMb: 40, heapMb: 15, fds: 5 };

export interface Sample {
  at: number;
  rssMb: number;
  heapMb: number;
  fds: number;
}

function statusRequests(tokens: readonly string[], seed: number): autocannon.Request[] {
  const random = seededRandom(seed);
  let n = 0;
  return [
    {
      method: "POST",
      path: "/api/v1/devices/status",
      setupRequest: (req) => {
        const pending = random() < 0.9 ? 0 : Math.floor(random() * 20);
        return {
          ...req,
          headers: { "content-type": "application/json", authorization: `Bearer ${tokens[n++ % tokens.length]}` },
          body: JSON.stringify({
            pending,
            oldestPendingAgeSeconds: pending ? Math.floor(random() * 3600) : null,
            appVersion: "0.1.0",
            heldCount: 0,
          }),
        };
      },
    },
  ];
}

async function sample(server: RunningServer): Promise<Sample> {
  const pid = server.process.pid!;
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  const fds = fs.readdirSync(`/proc/${pid}/fd`).length;
  // The heap the server itself reports (GET /metrics, from loopback).
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  const heap = Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(metrics)?.[1] ?? NaN);
  return { at: Date.now(), rssMb: rssKb / 1024, heapMb: heap / (1024 * 1024), fds };
}

export interface SoakResult {
  minutes: number;
  statusReports: number;
  taps: number;
  non2xx: number;
  errors: number;
  samples: Sample[];
  start: Omit<Sample, "at">;
  end: Omit<Sample, "at">;
  growth: Omit<Sample, "at">;
}

export async function soak(
  server: RunningServer,
  databaseUrl: string,
  minutes: number,
  seed: number
): Promise<SoakResult> {
  const tokens = (await newDevices(databaseUrl, SOAK_TABLETS)).map((d) => d.token);
  const statusRate = (SOAK_TABLETS * COMPRESSION) / 60;
  const tapRate = (SOAK_TABLETS * TAPS_PER_TABLET_PER_MINUTE * COMPRESSION) / 60;
  const duration = minutes * 60;
  const run = (requests: autocannon.Request[], rate: number, connections: number) =>
    autocannon({ url: server.url, connections, overallRate: Math.round(rate), duration, requests });
  // A short warm-up first: the first minute's JIT and caches are not a leak.
  await autocannon({
    url: server.url,
    connections: 10,
    overallRate: Math.round(statusRate),
    duration: 15,
    requests: statusRequests(tokens, seed),
  });
  const samples: Sample[] = [await sample(server)];
  const statuses = run(statusRequests(tokens, seed + 1), statusRate, 20);
  const taps = run(citizenTapRequests(tokens, seed + 2), tapRate, 10);
  const timer = setInterval(() => void sample(server).then((s) => samples.push(s)), SAMPLE_SECONDS * 1000);
  const [s, t] = await Promise.all([statuses, taps]);
  clearInterval(timer);
  samples.push(await sample(server));
  const edge = (list: Sample[]) => ({
    rssMb: median(list.map((x) => x.rssMb)),
    heapMb: Math.min(...list.map((x) => x.heapMb)),
    fds: median(list.map((x) => x.fds)),
  });
  // Measured under load at both ends, so the same connections are open at both.
  const loaded = samples.slice(1, -1);
  const start = edge(loaded.slice(0, EDGE_SAMPLES));
  const end = edge(loaded.slice(-EDGE_SAMPLES));
  return {
    minutes,
    statusReports: s.requests.total,
    taps: t.requests.total,
    non2xx: s.non2xx + t.non2xx,
    errors: s.errors + s.timeouts + t.errors + t.timeouts,
    samples,
    start,
    end,
    growth: { rssMb: end.rssMb - start.rssMb, heapMb: end.heapMb - start.heapMb, fds: end.fds - start.fds },
  };
}
