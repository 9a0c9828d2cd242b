/**
 * The spam rule: repeated or too many taps on one tablet are stored but
 * flagged suspect, so they count apart from the rates (rollupDelta) until a
 * manager reviews them (/admin/suspects). Nothing is ever deleted by the rule.
 *
 * Judged on tap times — each response's effective time, i.e. its submittedAt
 * after the clock rule (ingest.server.ts, effectiveTime) — per device, in tap
 * order (ties by id), every tap counting whether flagged or not:
 * - "interval": less than `minIntervalMs` (3 s) after the device's previous tap;
 * - "burst": more than `windowMax` (20) taps from the device within
 *   `windowMs` (10 minutes) ending at this tap — the 21st and later are flagged.
 * Thresholds are settings (app_settings, SPAM_SETTING_KEYS), read through the catalog.
 * Documented for users in docs/domain.md ("Suspect responses").
 *
 * An outbox may deliver a day's answers in one batch, in any order: new taps
 * are judged against both stored and in-batch neighbours, and a stored
 * response that a late-arriving earlier tap makes suspect is flagged then (its
 * rollups moved). Adding taps can only add suspects, so the outcome does not
 * depend on the order of delivery. A manager's decision is never overridden.
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";
import { compiledQuery } from "~db/compiled";
import { applyToRollups } from "~db/repositories/rollups";
import { SETTING_KEYS } from "~db/repositories/settings";
import type { Database, ResponseRow, SuspectReason } from "~db/schema";

export interface SpamRule {
  minIntervalMs: number;
  windowMs: number;
  windowMax: number;
}

export const DEFAULT_SPAM_RULE: SpamRule = { minIntervalMs: 3_000, windowMs: 10 * 60_000, windowMax: 20 };

/** The app_settings keys of the rule (seconds, minutes, a count). */
export const SPAM_SETTING_KEYS = [
  SETTING_KEYS.spamMinIntervalSeconds,
  SETTING_KEYS.spamWindowMinutes,
  SETTING_KEYS.spamWindowMax,
] as const;

/** The rule from setting values (strings as stored); an absent or unusable value means its default. */
export function spamRuleFromSettings(values: Partial<Record<string, string>>): SpamRule {
  const read = (key: string, fallback: number, scale: number) => {
    const n = Number(values[key]);
    return values[key] !== undefined && Number.isFinite(n) && n > 0 ? n * scale : fallback;
  };
  return {
    minIntervalMs: read(SETTING_KEYS.spamMinIntervalSeconds, DEFAULT_SPAM_RULE.minIntervalMs, 1000),
    windowMs: read(SETTING_KEYS.spamWindowMinutes, DEFAULT_SPAM_RULE.windowMs, 60_000),
    windowMax: Math.floor(read(SETTING_KEYS.spamWindowMax, DEFAULT_SPAM_RULE.windowMax, 1)),
  };
}

/** Ids per flagging statement. */
const UPDATE_CHUNK = 1_000;

export interface Tap {
  id: string;
  /** Effective time, ms. */
  at: number;
}

export function tapOrder(a: Tap, b: Tap): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The rule over one device's taps, sorted by tapOrder: a reason for each suspect tap, null otherwise. */
export function judgeTaps(taps: readonly Tap[], rule: SpamRule): (SuspectReason | null)[] {
  const reasons: (SuspectReason | null)[] = [];
  let windowStart = 0;
  for (let i = 0; i < taps.length; i++) {
    while (taps[windowStart].at <= taps[i].at - rule.windowMs) windowStart++;
    if (i > 0 && taps[i].at - taps[i - 1].at < rule.minIntervalMs) reasons.push("interval");
    else if (i - windowStart + 1 > rule.windowMax) reasons.push("burst");
    else reasons.push(null);
  }
  return reasons;
}

const TAP_COLUMNS = [
  "id",
  "effective_at",
  "suspect",
  "suspect_reason",
  "suspect_review",
  "local_date",
  "local_hour",
  "desk_id",
  "unit_id",
  "unit_level",
  "field_code",
  "rating",
  "harassment",
  "on_time",
] as const;

type StoredTap = Pick<ResponseRow, (typeof TAP_COLUMNS)[number]>;

// Run per tablet per ingest group: compiled once.
const selectLaterTaps = compiledQuery((db: Kysely<Database>, deviceId: number, from: string, to: string) =>
  db
    .selectFrom("responses")
    .select(TAP_COLUMNS)
    .where("device_id", "=", deviceId)
    .where("effective_at", ">=", from)
    .where("effective_at", "<=", to)
);

// Times only, so the (device_id, effective_at) index answers alone; one compiled
// query per windowMax, which is its LIMIT as a literal (see db/compiled.ts).
const selectEarlierTapTimes = new Map<
  number,
  (db: Kysely<Database>, deviceId: number, from: string, before: string) => Promise<{ effective_at: string }[]>
>();

function earlierTapTimesQuery(max: number) {
  let query = selectEarlierTapTimes.get(max);
  if (!query) {
    query = compiledQuery((db: Kysely<Database>, deviceId: number, from: string, before: string) =>
      db
        .selectFrom("responses")
        .select("effective_at")
        .where("device_id", "=", deviceId)
        .where("effective_at", ">=", from)
        .where("effective_at", "<", before)
        .orderBy("effective_at", "desc")
        .limit(sql.lit(max))
    );
    selectEarlierTapTimes.set(max, query);
  }
  return query;
}

/** What is stored of one device's taps around new ones, read before the new ones are inserted. */
export interface StoredNeighbours {
  /** The new taps' first time (ms): `earlier` ends before it, `later` starts at it. */
  from: number;
  /** Times (ms) of the last windowMax stored taps within a window before `from`: context only. */
  earlier: number[];
  /** Stored taps from `from` to a window after the new taps' last one: these may become suspect. */
  later: StoredTap[];
}

/** The span of one device's new taps, and the ranges of stored taps that bear on judging them. */
function neighbourRanges(times: readonly number[], rule: SpamRule) {
  let from = Infinity;
  let to = -Infinity;
  for (const t of times) {
    if (t < from) from = t;
    if (t > to) to = t;
  }
  return {
    from,
    fromAt: new Date(from).toISOString(),
    earlierFromAt: new Date(from - rule.windowMs).toISOString(),
    laterToAt: new Date(to + rule.windowMs).toISOString(),
  };
}

/**
 * Reads the stored taps that can bear on judging each device's new taps
 * (their effective times, ms, by device id): call inside the ingest
 * transaction, before inserting them, so what comes back is what was stored
 * before — usually nothing later. Earlier taps only give context: the
 * previous one (interval) and at most windowMax within the window (a burst
 * needs more than windowMax, so older ones cannot change a judgement).
 *
 * SQLite answers two small compiled queries per device fastest; on
 * PostgreSQL every statement is a round trip, so all devices are read in two
 * statements (measured both ways, `npm run bench`).
 */
export async function readStoredNeighbours(
  trx: Kysely<Database>,
  timesByDevice: ReadonlyMap<number, readonly number[]>,
  rule: SpamRule
): Promise<Map<number, StoredNeighbours>> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter)
    return readNeighboursInTwoStatements(trx, timesByDevice, rule);
  const out = new Map<number, StoredNeighbours>();
  for (const [deviceId, times] of timesByDevice) {
    const { from, fromAt, earlierFromAt, laterToAt } = neighbourRanges(times, rule);
    const later = await selectLaterTaps(trx, deviceId, fromAt, laterToAt);
    const earlier = await earlierTapTimesQuery(rule.windowMax)(trx, deviceId, earlierFromAt, fromAt);
    out.set(deviceId, { from, earlier: earlier.map((r) => Date.parse(r.effective_at)), later });
  }
  return out;
}

/** `readStoredNeighbours` for every device at once (PostgreSQL): the same two ranges, as arrays. */
async function readNeighboursInTwoStatements(
  trx: Kysely<Database>,
  timesByDevice: ReadonlyMap<number, readonly number[]>,
  rule: SpamRule
): Promise<Map<number, StoredNeighbours>> {
  const devices = [...timesByDevice].map(([deviceId, times]) => ({ deviceId, ...neighbourRanges(times, rule) }));
  const ids = devices.map((d) => d.deviceId);
  const fromAts = devices.map((d) => d.fromAt);
  const laterToAts = devices.map((d) => d.laterToAt);
  const earlierFromAts = devices.map((d) => d.earlierFromAt);
  const later = await sql<StoredTap & { device_id: number }>`
    select d.device_id, t.*
    from unnest(${ids}::integer[], ${fromAts}::text[], ${laterToAts}::text[]) as d(device_id, from_at, to_at)
    cross join lateral (
      select ${sql.join(TAP_COLUMNS.map((c) => sql.ref(`r.${c}`)))} from responses r
      where r.device_id = d.device_id and r.effective_at >= d.from_at and r.effective_at <= d.to_at
    ) t`.execute(trx);
  const earlier = await sql<{ device_id: number; effective_at: string }>`
    select d.device_id, t.effective_at
    from unnest(${ids}::integer[], ${earlierFromAts}::text[], ${fromAts}::text[]) as d(device_id, from_at, before_at)
    cross join lateral (
      select r.effective_at from responses r
      where r.device_id = d.device_id and r.effective_at >= d.from_at and r.effective_at < d.before_at
      order by r.effective_at desc limit ${sql.lit(rule.windowMax)}
    ) t`.execute(trx);
  const out = new Map<number, StoredNeighbours>(
    devices.map((d) => [d.deviceId, { from: d.from, earlier: [], later: [] }])
  );
  for (const { device_id, ...tap } of later.rows) out.get(device_id)!.later.push(tap);
  for (const r of earlier.rows) out.get(r.device_id)!.earlier.push(Date.parse(r.effective_at));
  return out;
}

/**
 * Applies the rule to the responses one device's group has just stored
 * (inside the ingest transaction, before their rollups), judged with what was
 * stored before them (`readStoredNeighbours`, over a range covering them):
 * returns them with their flags set, and flags (moving rollups) stored taps
 * that the new ones make suspect.
 */
export async function flagSuspects(
  trx: Kysely<Database>,
  stored: StoredNeighbours,
  created: readonly ResponseRow[],
  rule: SpamRule
): Promise<ResponseRow[]> {
  if (created.length === 0) return [];
  let first = Infinity;
  for (const r of created) first = Math.min(first, Date.parse(r.effective_at));
  if (first < stored.from) throw new Error("flagSuspects: new taps before the neighbours read");
  // Earlier taps are all before every other one: their ids (order among themselves) do not matter.
  const taps: (Tap & { row: StoredTap | null })[] = stored.earlier.map((at) => ({ row: null, id: "", at }));
  for (const row of stored.later) taps.push({ row, id: row.id, at: Date.parse(row.effective_at) });
  for (const row of created) taps.push({ row, id: row.id, at: Date.parse(row.effective_at) });
  taps.sort(tapOrder);
  const reasons = judgeTaps(taps, rule);

  const createdIds = new Set(created.map((r) => r.id));
  const flagged = new Map<string, SuspectReason>();
  const moved: StoredTap[] = [];
  taps.forEach(({ row, at }, i) => {
    const reason = reasons[i];
    // Taps before the first new one only give context; decisions and earlier flags stand.
    if (!reason || !row || at < first || row.suspect_reason !== null || row.suspect_review !== null) return;
    flagged.set(row.id, reason);
    if (!createdIds.has(row.id) && row.suspect === 0) moved.push(row);
  });
  if (flagged.size === 0) return [...created];

  for (const reason of new Set(flagged.values())) {
    const ids = [...flagged].filter(([, r]) => r === reason).map(([id]) => id);
    // In chunks: a day's backlog may flag more taps than a statement takes parameters (SQLite 32,766).
    for (let i = 0; i < ids.length; i += UPDATE_CHUNK) {
      await trx
        .updateTable("responses")
        .set({ suspect: 1, suspect_reason: reason })
        .where("id", "in", ids.slice(i, i + UPDATE_CHUNK))
        .execute();
    }
  }
  if (moved.length > 0) {
    await applyToRollups(trx, moved, -1);
    await applyToRollups(
      trx,
      moved.map((r) => ({ ...r, suspect: 1 })),
      1
    );
  }
  return created.map((r) => {
    const reason = flagged.get(r.id);
    return reason ? { ...r, suspect: 1, suspect_reason: reason } : r;
  });
}
