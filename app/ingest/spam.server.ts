/**
 * The spam rule: repeated or too many taps on one tablet are stored but
 * flagged suspect, so they count apart from the rates (rollupDelta) until a
 * manager reviews them (/admin/suspects). Nothing is ever deleted by the rule.
 *
 * Judged on tap times — each response's effective time, i.e. its submittedAt
 * after the clock rule (rows.server.ts, effectiveTime) — per device, in tap
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
import type { DB } from "~db/connection";
import { SETTING_KEYS } from "~db/repositories/settings";
import { type StoredTap, findTapsAround, markResponses } from "~db/repositories/suspects";
import type { StoredResponse } from "~db/repositories/responses";
import type { SuspectReason } from "~db/schema";

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
 */
export async function readStoredNeighbours(
  trx: DB,
  timesByDevice: ReadonlyMap<number, readonly number[]>,
  rule: SpamRule
): Promise<Map<number, StoredNeighbours>> {
  const devices = [...timesByDevice].map(([deviceId, times]) => ({ deviceId, ...neighbourRanges(times, rule) }));
  const around = await findTapsAround(trx, devices, rule.windowMax);
  return new Map(
    devices.map((d) => {
      const { earlier, later } = around.get(d.deviceId)!;
      return [d.deviceId, { from: d.from, earlier: earlier.map((at) => Date.parse(at)), later }];
    })
  );
}

/**
 * Applies the rule to the responses one device's group has just stored
 * (inside the ingest transaction, before their rollups), judged with what was
 * stored before them (`readStoredNeighbours`, over a range covering them):
 * returns them with their flags set, and flags (moving rollups) stored taps
 * that the new ones make suspect.
 */
export async function flagSuspects(
  trx: DB,
  stored: StoredNeighbours,
  created: readonly StoredResponse[],
  rule: SpamRule
): Promise<StoredResponse[]> {
  if (created.length === 0) return [];
  let first = Infinity;
  for (const r of created) first = Math.min(first, Date.parse(r.effectiveAt));
  if (first < stored.from) throw new Error("flagSuspects: new taps before the neighbours read");
  // Earlier taps are all before every other one: their ids (order among themselves) do not matter.
  const taps: (Tap & { row: StoredTap | null })[] = stored.earlier.map((at) => ({ row: null, id: "", at }));
  for (const row of stored.later) taps.push({ row, id: row.id, at: Date.parse(row.effectiveAt) });
  for (const row of created) taps.push({ row, id: row.id, at: Date.parse(row.effectiveAt) });
  taps.sort(tapOrder);
  const reasons = judgeTaps(taps, rule);

  const createdIds = new Set(created.map((r) => r.id));
  const flagged = new Map<string, SuspectReason>();
  taps.forEach(({ row, at }, i) => {
    const reason = reasons[i];
    // Taps before the first new one only give context; decisions and earlier flags stand.
    if (!reason || !row || at < first || row.suspectReason !== null || row.suspectReview !== null) return;
    flagged.set(row.id, reason);
  });
  if (flagged.size === 0) return [...created];

  const rowsById = new Map<string, StoredTap>();
  for (const { row } of taps) if (row && flagged.has(row.id)) rowsById.set(row.id, row);
  for (const reason of new Set(flagged.values())) {
    const rows = [...flagged].filter(([, r]) => r === reason).map(([id]) => rowsById.get(id)!);
    // The new taps' rollups are applied after this, already flagged: only stored ones move.
    // A stored harassment tap made suspect keeps its case, marked (no case is opened here).
    const cases = { at: created[0].receivedAt, userId: null, dueOn: null };
    await markResponses(trx, rows, { suspect: 1, reason }, cases, createdIds);
  }
  return created.map((r) => {
    const reason = flagged.get(r.id);
    return reason ? { ...r, suspect: 1, suspectReason: reason } : r;
  });
}
