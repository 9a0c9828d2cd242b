/**
 * The crash test's core: tablets post responses to the built server while it
 * is killed with SIGKILL and restarted; then the database must hold every
 * acknowledged response exactly once, rollups equal to a rebuild, and one
 * harassment case (with one `opened` event) per counted harassment response.
 * `tests/durability/crash.ts` runs it from the command line (20 kills),
 * `tests/integration/durability/crash.test.ts` in the suite (3 kills).
 */
import { rebuildRollups, ROLLUP_TABLES } from "~db/repositories/rollups";
import { openDatabase } from "~db/connection";
import { RATINGS, REASONS } from "~db/schema";
import { DEMO_PROVINCE_DESK, seededRandom } from "~/setup/demo.server";
import type { DatabaseFactory, TestDatabase } from "../helpers/databases";
import { newDevice } from "../helpers/kiosk";
import { rollupSnapshot } from "../helpers/rollups";
import { type RunningServer, startServer } from "../helpers/server";

export type Synchronous = "FULL" | "NORMAL";

export interface CrashOptions {
  factory: DatabaseFactory;
  kills: number;
  /** SQLite `synchronous` (SQLITE_SYNCHRONOUS); the server's default when absent. */
  synchronous?: Synchronous;
  /** Seeds the PRNG behind batch sizes, contents, re-sends and kill moments, so runs compare. */
  seed?: number;
  /** Concurrent tablets, each with its own device token and outbox. */
  clients?: number;
  /** Keeps the database for the caller (who then drops it); otherwise it is dropped. */
  keepDatabase?: boolean;
  /** Progress lines; silent when absent. */
  log?: (line: string) => void;
}

/** What the tablets sent and what the server answered, id by id. */
export interface Ledger {
  deviceIds: number[];
  /** Every id sent, with the rating it carried. */
  sent: Map<string, string>;
  /** Ids the server answered `created` or `duplicate` for. */
  acknowledged: Set<string>;
  /** Ids in a batch that got no answer (the server died with it in flight). */
  lostInFlight: Set<string>;
}

export interface CrashReport {
  dialect: "sqlite" | "postgres";
  synchronous: Synchronous;
  seed: number;
  clients: number;
  kills: number;
  /** Batches answered 200 / lost in flight / answered 503. */
  batches: { answered: number; lost: number; unavailable: number };
  sent: number;
  acknowledged: number;
  created: number;
  duplicate: number;
  /** Deliberate re-sends of already acknowledged ids (each must be answered `duplicate`). */
  resent: number;
  lostInFlight: number;
  /** Of the ids lost in flight, those the server had committed before it died. */
  lostInFlightStored: number;
  stored: number;
  storedDistinct: number;
  rollupRows: number;
  /** Harassment cases opened for the tablets' responses. */
  cases: number;
  seconds: number;
  violations: string[];
  ledger: Ledger;
  /** Present with `keepDatabase`. */
  database?: TestDatabase;
}

const int = (rand: () => number, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const pick = <T>(rand: () => number, values: readonly T[]): T => values[Math.floor(rand() * values.length)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function uuid(rand: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(rand() * 256));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const FIELDS = ["dat_dai", "xay_dung", "thue", "ho_tich", "chung_thuc", "kinh_doanh", "lao_dong"];
const COMMENTS = ["Chờ lâu quá", "Cán bộ nhiệt tình", "Thủ tục rườm rà, phải bổ sung giấy tờ nhiều lần", "Rất tốt"];
/** Desks of the demo province, one tablet each (the province, district and commune levels). */
const DESKS = [DEMO_PROVINCE_DESK, "991-MC", "99101-MC", "99302-MC", "992-MC", "99201-MC", "993-MC", "99303-MC"];

type Item = Record<string, unknown> & { id: string; rating: string };

/**
 * A tap somewhere in the last 20 days (within the 30 days the server trusts),
 * in no particular order: late earlier taps make stored neighbours suspect,
 * so the spam rule's updates of stored rows and their rollups run too.
 */
function newItem(rand: () => number, now: number): Item {
  const r = rand();
  const rating = r < 0.35 ? RATINGS[0] : r < 0.75 ? RATINGS[1] : r < 0.87 ? RATINGS[2] : RATINGS[3];
  const item: Item = {
    id: uuid(rand),
    submittedAt: new Date(now - Math.floor(rand() * 20 * 24 * 3600) * 1000).toISOString(),
    questionnaireVersion: 1,
    rating,
  };
  if (rating === "dissatisfied") {
    item.reasons = REASONS.filter(() => rand() < 0.3);
    if ((item.reasons as string[]).length === 0) item.reasons = [pick(rand, REASONS)];
  }
  if (rand() < 0.8) item.fieldCode = pick(rand, FIELDS);
  if (rand() < 0.6) item.onTime = rand() < 0.9;
  if (rand() < 0.15) item.comment = pick(rand, COMMENTS);
  if (rand() < 0.1) item.language = "en";
  return item;
}

interface Counters {
  answered: number;
  lost: number;
  unavailable: number;
  created: number;
  duplicate: number;
  resent: number;
  lostInFlightStored: number;
}

/**
 * One tablet: keeps an outbox, sends it oldest first in batches of 1–50
 * (sometimes with already acknowledged answers mixed in again), removes an
 * answer only once it is acknowledged, and retries everything else.
 */
async function runClient(params: {
  url: () => string;
  token: string;
  rand: () => number;
  ledger: Ledger;
  counters: Counters;
  violations: string[];
  /** True while the tablet keeps producing new answers; afterwards it only empties its outbox. */
  producing: () => boolean;
  deadline: () => number;
}): Promise<void> {
  const { token, rand, ledger, counters, violations } = params;
  const outbox: Item[] = [];
  const acknowledged: Item[] = [];
  const attempted = new Set<string>();
  for (;;) {
    const size = int(rand, 1, 50);
    if (params.producing()) while (outbox.length < size) outbox.push(newItem(rand, Date.now()));
    if (outbox.length === 0) return;
    if (Date.now() > params.deadline()) {
      violations.push(`a tablet could not deliver ${outbox.length} answers before the deadline`);
      return;
    }
    const fresh = outbox.slice(0, size);
    const batch: { item: Item; resend: boolean }[] = fresh.map((item) => ({ item, resend: false }));
    if (acknowledged.length > 0 && rand() < 0.25) {
      for (let i = int(rand, 1, 3); i > 0; i--) {
        batch.splice(int(rand, 0, batch.length), 0, { item: pick(rand, acknowledged), resend: true });
      }
    }
    for (const { item } of batch) ledger.sent.set(item.id, item.rating);

    let response: Response;
    try {
      response = await fetch(`${params.url()}/api/v1/responses`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ responses: batch.map((b) => b.item) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      // Refused: the server is down and never saw the batch. Anything else: it may have stored it, or not.
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code !== "ECONNREFUSED") {
        counters.lost++;
        for (const item of fresh) {
          ledger.lostInFlight.add(item.id);
          attempted.add(item.id);
        }
      }
      await sleep(int(rand, 50, 250));
      continue;
    }
    let text = "";
    try {
      text = await response.text();
    } catch {
      // The server died while answering: the same as no answer.
      counters.lost++;
      for (const item of fresh) {
        ledger.lostInFlight.add(item.id);
        attempted.add(item.id);
      }
      continue;
    }
    if (response.status === 503) {
      counters.unavailable++;
      for (const item of fresh) attempted.add(item.id);
      await sleep(int(rand, 50, 250));
      continue;
    }
    if (response.status !== 200) {
      violations.push(`the server answered ${response.status} to a valid batch: ${text.slice(0, 200)}`);
      return;
    }
    counters.answered++;
    const results = (JSON.parse(text) as { results: { id: string; status: string }[] }).results;
    if (results.length !== batch.length) {
      violations.push(`a batch of ${batch.length} got ${results.length} results`);
      return;
    }
    const delivered = new Set<string>();
    batch.forEach(({ item, resend }, i) => {
      const { id, status } = results[i];
      if (id !== item.id) violations.push(`result ${i} names ${id}, the item was ${item.id}`);
      if (status !== "created" && status !== "duplicate") {
        violations.push(`${item.id} answered ${status}: ${JSON.stringify(results[i])}`);
        return;
      }
      if (resend) {
        counters.resent++;
        if (status !== "duplicate") {
          violations.push(`${item.id} was acknowledged before, then answered ${status}: it was lost`);
        }
        return;
      }
      if (status === "duplicate" && !attempted.has(item.id) && !delivered.has(item.id)) {
        violations.push(`${item.id} answered duplicate at its first delivery`);
      }
      if (status === "duplicate" && ledger.lostInFlight.has(item.id)) counters.lostInFlightStored++;
      counters[status]++;
      ledger.acknowledged.add(item.id);
      delivered.add(item.id);
      acknowledged.push(item);
    });
    outbox.splice(0, fresh.length);
  }
}

/**
 * Checks the database against the ledger: every acknowledged id stored, none
 * twice, nothing stored that was not sent, stored but unacknowledged only if
 * lost in flight, ratings as sent, and rollups equal to a rebuild from the
 * raw rows (which this replaces them with). Returns the violations found.
 */
export async function verifyDatabase(
  databaseUrl: string,
  ledger: Ledger
): Promise<{ violations: string[]; stored: number; storedDistinct: number; rollupRows: number; cases: number }> {
  const violations: string[] = [];
  const some = (ids: string[]) => ids.slice(0, 5).join(", ") + (ids.length > 5 ? ` … (${ids.length})` : "");
  const handle = openDatabase(databaseUrl);
  try {
    const { db } = handle;
    const counts = await db
      .selectFrom("responses")
      .select((eb) => [eb.fn.countAll<number>().as("rows"), eb.fn.count<number>("id").distinct().as("ids")])
      .where("device_id", "in", ledger.deviceIds)
      .executeTakeFirstOrThrow();
    const stored = Number(counts.rows);
    const storedDistinct = Number(counts.ids);
    if (stored !== storedDistinct) violations.push(`${stored} rows hold only ${storedDistinct} distinct ids`);
    const whole = await db
      .selectFrom("responses")
      .select((eb) => [eb.fn.countAll<number>().as("rows"), eb.fn.count<number>("id").distinct().as("ids")])
      .executeTakeFirstOrThrow();
    if (Number(whole.rows) !== Number(whole.ids)) violations.push(`the responses table holds an id twice`);

    const rows = await db
      .selectFrom("responses")
      .select(["id", "rating"])
      .where("device_id", "in", ledger.deviceIds)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r.rating]));
    const missing = [...ledger.acknowledged].filter((id) => !byId.has(id));
    if (missing.length > 0) violations.push(`acknowledged but not stored: ${some(missing)}`);
    const unknown = rows.filter((r) => !ledger.sent.has(r.id)).map((r) => r.id);
    if (unknown.length > 0) violations.push(`stored but never sent: ${some(unknown)}`);
    const unexplained = rows
      .filter((r) => ledger.sent.has(r.id) && !ledger.acknowledged.has(r.id) && !ledger.lostInFlight.has(r.id))
      .map((r) => r.id);
    if (unexplained.length > 0) violations.push(`stored, never acknowledged nor lost in flight: ${some(unexplained)}`);
    const altered = rows.filter((r) => ledger.sent.has(r.id) && ledger.sent.get(r.id) !== r.rating).map((r) => r.id);
    if (altered.length > 0) violations.push(`stored with another rating than sent: ${some(altered)}`);
    const storedUnacknowledged = rows.filter((r) => !ledger.acknowledged.has(r.id)).length;
    if (stored !== ledger.acknowledged.size + storedUnacknowledged) {
      violations.push(
        `stored ${stored} ≠ acknowledged ${ledger.acknowledged.size} + stored unacknowledged ${storedUnacknowledged}`
      );
    }

    // Harassment cases: exactly one per counted harassment response, opened in its transaction.
    const cases = await db
      .selectFrom("cases")
      .innerJoin("responses", "responses.id", "cases.response_id")
      .select(["cases.id", "cases.response_id", "cases.suspect", "responses.harassment", "responses.suspect as rs"])
      .where("responses.device_id", "in", ledger.deviceIds)
      .execute();
    const caseCount = new Map<string, number>();
    for (const c of cases) caseCount.set(c.response_id, (caseCount.get(c.response_id) ?? 0) + 1);
    const twice = [...caseCount].filter(([, n]) => n > 1).map(([id]) => id);
    if (twice.length > 0) violations.push(`responses with more than one case: ${some(twice)}`);
    const harassment = await db
      .selectFrom("responses")
      .select("id")
      .where("device_id", "in", ledger.deviceIds)
      .where("harassment", "=", 1)
      .where("suspect", "=", 0)
      .execute();
    const withoutCase = harassment.filter((r) => !caseCount.has(r.id)).map((r) => r.id);
    if (withoutCase.length > 0) violations.push(`counted harassment responses without a case: ${some(withoutCase)}`);
    const wrongCase = cases.filter((c) => c.harassment !== 1 || c.suspect !== c.rs).map((c) => c.response_id);
    if (wrongCase.length > 0) violations.push(`cases not matching their response: ${some(wrongCase)}`);
    const opened = await db
      .selectFrom("case_events")
      .select(["case_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("type", "=", "opened")
      .groupBy("case_id")
      .execute();
    const openedCount = new Map(opened.map((o) => [Number(o.case_id), Number(o.n)]));
    const badEvents = cases.filter((c) => openedCount.get(Number(c.id)) !== 1).map((c) => String(c.id));
    if (badEvents.length > 0) violations.push(`cases without exactly one opened event: ${some(badEvents)}`);

    if (handle.sqlite) {
      const integrity = handle.sqlite.pragma("integrity_check", { simple: true });
      if (integrity !== "ok") violations.push(`SQLite integrity_check: ${String(integrity)}`);
    }

    const incremental = await rollupSnapshot(db);
    await rebuildRollups(db);
    const rebuilt = await rollupSnapshot(db);
    let rollupRows = 0;
    for (const table of ROLLUP_TABLES) {
      rollupRows += rebuilt[table].length;
      const kept = new Set(incremental[table]);
      const fresh = new Set(rebuilt[table]);
      const onlyKept = incremental[table].filter((line) => !fresh.has(line));
      const onlyRebuilt = rebuilt[table].filter((line) => !kept.has(line));
      if (onlyKept.length + onlyRebuilt.length > 0) {
        violations.push(
          `${table} differs from a rebuild: kept ${onlyKept.slice(0, 3).join(" | ")}; rebuilt ${onlyRebuilt
            .slice(0, 3)
            .join(" | ")} (${onlyKept.length}/${onlyRebuilt.length} rows)`
        );
      }
    }
    return { violations, stored, storedDistinct, rollupRows, cases: cases.length };
  } finally {
    await handle.close();
  }
}

export async function runCrashTest(options: CrashOptions): Promise<CrashReport> {
  const seed = options.seed ?? 1;
  const clients = options.clients ?? 4;
  const log = options.log ?? (() => {});
  const rand = seededRandom(seed);
  const started = Date.now();
  const database = await options.factory.create();
  const env: Record<string, string> = { DATABASE_URL: database.url };
  if (options.synchronous) env.SQLITE_SYNCHRONOUS = options.synchronous;
  const violations: string[] = [];
  const ledger: Ledger = { deviceIds: [], sent: new Map(), acknowledged: new Set(), lostInFlight: new Set() };
  const counters: Counters = {
    answered: 0,
    lost: 0,
    unavailable: 0,
    created: 0,
    duplicate: 0,
    resent: 0,
    lostInFlightStored: 0,
  };
  let server: RunningServer | undefined;
  let kills = 0;
  try {
    // The first start migrates and seeds the demo province, whose desks the tablets stand at.
    server = await startServer(env);
    const port = server.port;
    const url = server.url;
    const tokens: string[] = [];
    for (let i = 0; i < clients; i++) {
      const device = await newDevice(database.url, DESKS[i % DESKS.length]);
      ledger.deviceIds.push(device.deviceId);
      tokens.push(device.token);
    }
    log(`server up on ${url} (${database.dialect}); ${clients} tablets sending`);

    let producing = true;
    let deadline = Number.POSITIVE_INFINITY;
    const tablets = tokens.map((token, i) =>
      runClient({
        url: () => url,
        token,
        rand: seededRandom(seed * 1000 + i + 1),
        ledger,
        counters,
        violations,
        producing: () => producing,
        deadline: () => deadline,
      })
    );

    for (let k = 1; k <= options.kills; k++) {
      await sleep(int(rand, 200, 2000));
      await server.kill();
      kills++;
      log(`kill ${k}/${options.kills}: ${ledger.acknowledged.size} acknowledged so far`);
      server = await startServer(env, port);
    }
    // A last stretch under load, then the tablets empty their outboxes.
    await sleep(int(rand, 200, 2000));
    producing = false;
    deadline = Date.now() + 60_000;
    await Promise.all(tablets);
    const code = await server.stop();
    if (code !== 0) violations.push(`the server exited with ${code} on SIGTERM`);
    server = undefined;

    const checked = await verifyDatabase(database.url, ledger);
    violations.push(...checked.violations);
    return {
      dialect: database.dialect,
      synchronous: options.synchronous ?? "FULL",
      seed,
      clients,
      kills,
      batches: { answered: counters.answered, lost: counters.lost, unavailable: counters.unavailable },
      sent: ledger.sent.size,
      acknowledged: ledger.acknowledged.size,
      created: counters.created,
      duplicate: counters.duplicate,
      resent: counters.resent,
      lostInFlight: ledger.lostInFlight.size,
      lostInFlightStored: counters.lostInFlightStored,
      stored: checked.stored,
      storedDistinct: checked.storedDistinct,
      rollupRows: checked.rollupRows,
      cases: checked.cases,
      seconds: (Date.now() - started) / 1000,
      violations,
      ledger,
      ...(options.keepDatabase ? { database } : {}),
    };
  } finally {
    await server?.kill();
    if (!options.keepDatabase) await database.drop();
  }
}

/** The summary, one figure per line, in a stable format. */
export function formatReport(report: CrashReport): string {
  const lines: [string, string][] = [
    ["database", report.dialect === "sqlite" ? `sqlite (synchronous ${report.synchronous})` : "postgres"],
    ["seed", String(report.seed)],
    ["tablets", String(report.clients)],
    ["kills", String(report.kills)],
    [
      "batches",
      `${report.batches.answered} answered, ${report.batches.lost} lost in flight, ` +
        `${report.batches.unavailable} answered 503`,
    ],
    ["sent", `${report.sent} distinct ids`],
    ["acknowledged", `${report.acknowledged} (created ${report.created}, duplicate ${report.duplicate})`],
    ["re-sent", `${report.resent} acknowledged answers sent again, all answered duplicate unless listed below`],
    ["lost in flight", `${report.lostInFlight} ids, ${report.lostInFlightStored} of them committed before the kill`],
    ["stored", `${report.stored} rows, ${report.storedDistinct} distinct ids`],
    ["rollups", `${report.rollupRows} rows, compared with a rebuild`],
    ["cases", `${report.cases} harassment cases, one per counted harassment response`],
    ["time", `${report.seconds.toFixed(1)} s`],
    ["result", report.violations.length === 0 ? "OK" : `${report.violations.length} VIOLATIONS`],
  ];
  return [...lines.map(([k, v]) => `${k.padEnd(15)}${v}`), ...report.violations.map((v) => `  violation: ${v}`)].join(
    "\n"
  );
}
