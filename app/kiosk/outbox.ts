/**
 * The kiosk's outbox: every response lives in IndexedDB from the citizen's
 * first tap until the server has answered `created` or `duplicate` for it, so
 * reloads, a closed browser or a power cut lose nothing. Browser-only (never
 * touched at import time); the pure rules are exported for unit tests.
 *
 * - A survey in progress is a *draft*: never sent while its tab is still
 *   working on it; a draft untouched for DRAFT_ABANDONED_MS (its tab died or
 *   was reloaded mid-survey) is sent as it stands — a tapped rating is a
 *   complete response.
 * - The sender posts the oldest items in batches; `created`/`duplicate` are
 *   removed, `invalid`/`conflict` are set aside with the server's reason and
 *   reported in the device status (never retried, never dropped). Network
 *   errors and any other answer (408, 425, 429, 5xx…) are retried with
 *   exponential backoff and jitter, honouring Retry-After.
 * - One tab sends at a time: a lease in IndexedDB, taken and renewed inside a
 *   readwrite transaction (serialised across tabs; unlike Web Locks it also
 *   works on plain-http tablets). Should two send anyway, the server's
 *   idempotency holds.
 */
import { MAX_HELD_REPORTED } from "~/domain/device-status";
import type { ResponseSubmission } from "./machine";

export interface Held {
  status: string;
  errors?: { field: string; message: string }[];
}

export interface OutboxRecord {
  id: string;
  item: ResponseSubmission;
  /** A survey still being answered. */
  draft?: 1;
  /** Last change, ms since epoch (tablet clock). */
  at: number;
  /** Set aside by the server's answer. */
  held?: Held;
}

export interface OutboxCounts {
  pending: number;
  held: number;
}

export const BATCH_SIZE = 50;
export const HEARTBEAT_MS = 60_000;
export const DRAFT_ABANDONED_MS = 90_000;
const LEASE_MS = 30_000;
const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_MAX_MS = 5 * 60_000;
export { MAX_HELD_REPORTED };

/** Exponential backoff with jitter: half fixed, half random, capped. */
export function backoffMs(attempt: number, random = Math.random()): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return ceiling / 2 + (ceiling / 2) * random;
}

/** Records the sender may post now, oldest tap first. */
export function dueRecords(records: OutboxRecord[], now: number): OutboxRecord[] {
  return records
    .filter((r) => !r.held && (!r.draft || now - r.at > DRAFT_ABANDONED_MS))
    .sort((a, b) => (a.item.submittedAt < b.item.submittedAt ? -1 : 1))
    .slice(0, BATCH_SIZE);
}

export interface ItemResult {
  id: string;
  status: string;
  errors?: Held["errors"];
}

/**
 * What the server's answer to a batch means for the outbox: ids to remove
 * (stored now or before) and records to set aside with the reason. Anything
 * else — an answer missing for an item, an unknown status — stays for the next try.
 */
export function settle(batch: OutboxRecord[], results: ItemResult[]): { remove: string[]; hold: OutboxRecord[] } {
  const remove: string[] = [];
  const hold: OutboxRecord[] = [];
  batch.forEach((record, i) => {
    const result = results[i];
    if (result?.id !== record.id) return;
    if (result.status === "created" || result.status === "duplicate") remove.push(record.id);
    else if (result.status === "invalid" || result.status === "conflict") {
      hold.push({ ...record, held: { status: result.status, errors: result.errors } });
    }
  });
  return { remove, hold };
}

/** Finished answers not yet delivered, answers set aside, and the oldest pending tap time. */
export function countsOf(records: OutboxRecord[]): OutboxCounts & { oldest: string | null } {
  const pending = records.filter((r) => !r.held && !r.draft).map((r) => r.item.submittedAt);
  return { pending: pending.length, held: records.filter((r) => r.held).length, oldest: pending.sort()[0] ?? null };
}

/** The device status the server keeps (POST /api/v1/devices/status). */
export function statusReport(records: OutboxRecord[], version: string, now: number) {
  const counts = countsOf(records);
  const held = records.filter((r) => r.held);
  return {
    pending: counts.pending,
    oldestPendingAgeSeconds: counts.oldest ? Math.max(0, (now - Date.parse(counts.oldest)) / 1000) : null,
    appVersion: version,
    heldCount: held.length,
    // The citizen's phone stays on the tablet: it goes only with the response, to its case (ADR 048).
    held: held.slice(0, MAX_HELD_REPORTED).map((r) => {
      const { contactPhone: _kept, ...item } = r.item;
      return { ...r.held, id: r.id, item };
    }),
  };
}

let opened: Promise<IDBDatabase> | undefined;
function database(): Promise<IDBDatabase> {
  return (opened ??= new Promise((resolve, reject) => {
    const req = indexedDB.open("hailong-kiosk", 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore("outbox", { keyPath: "id" });
      req.result.createObjectStore("lease");
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  }));
}

/** Runs `work` in one readwrite transaction; resolves with the last request's result once committed. */
async function transact<T>(store: string, work: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T> {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, "readwrite");
    const req = work(tx.objectStore(store));
    tx.oncomplete = () => resolve(req?.result as T);
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

/** Stores (or replaces) a response; `draft` while the citizen is still answering. */
export function keep(item: ResponseSubmission, draft?: boolean): Promise<unknown> {
  return transact("outbox", (s) => s.put({ id: item.id, item, at: Date.now(), ...(draft ? { draft: 1 } : {}) }));
}

export function discard(id: string): Promise<unknown> {
  return transact("outbox", (s) => s.delete(id));
}

let tab: string | undefined;
/** This tab, also after a reload (so a reloaded tab does not wait for the lease it held before). */
function tabId(): string {
  if (tab) return tab;
  tab = String(Math.random());
  try {
    tab = sessionStorage.getItem("hl-tab") ?? tab;
    sessionStorage.setItem("hl-tab", tab);
  } catch {
    // no session storage: a reload waits for its old lease to run out
  }
  return tab;
}

/** Takes or renews the sending lease until `until` (0 releases it); true when this tab holds it. */
async function lease(until: number): Promise<boolean> {
  const tab = tabId();
  let mine = false;
  await transact("lease", (s) => {
    const req = s.get(0);
    req.onsuccess = () => {
      const held = req.result as { tab: string; until: number } | undefined;
      mine = !held || held.tab === tab || held.until < Date.now();
      if (mine) s.put({ tab, until }, 0);
    };
  });
  return mine;
}

const post = (path: string, body: unknown) =>
  fetch(`/api/v1/${path}`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

let running = false;
/** A sync was asked for while one ran: run again when it ends (an answer finished meanwhile). */
let again = false;
let attempt = 0;
let notBefore = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

/**
 * Sends what is due, then reports the device status. Safe to call any time:
 * during a running sync it asks for another pass; a backoff wait or another
 * tab's lease hold the sending back (the status is still reported).
 */
export async function sync(version: string, onCounts: (c: OutboxCounts) => void): Promise<void> {
  if (running) {
    again = true;
    return;
  }
  running = true;
  again = false;
  let records: OutboxRecord[] = [];
  try {
    while (Date.now() >= notBefore && (await lease(Date.now() + LEASE_MS))) {
      records = await transact("outbox", (s) => s.getAll());
      const due = dueRecords(records, Date.now());
      if (!due.length) break;
      const res = await post("responses", { responses: due.map((r) => r.item) }).catch(() => null);
      // Unpaired or revoked: the kiosk page leads to pairing; the outbox waits for a device that may send.
      if (res?.status === 401) return location.assign("/kiosk");
      // Network errors, 408, 425, 429, 5xx — and any other unexpected answer — are retried later; nothing is dropped.
      if (!res?.ok) {
        const wait = Math.max(backoffMs(attempt++), Number(res?.headers.get("retry-after")) * 1000 || 0);
        notBefore = Date.now() + wait;
        clearTimeout(timer);
        // The retry itself ignores notBefore (a timer may fire a hair before the wall clock says so).
        timer = setTimeout(() => {
          notBefore = 0;
          void sync(version, onCounts);
        }, wait);
        break;
      }
      attempt = 0;
      const { remove, hold } = settle(due, ((await res.json()) as { results: ItemResult[] }).results);
      await transact("outbox", (s) => {
        for (const id of remove) s.delete(id);
        for (const record of hold) s.put(record);
      });
    }
    await lease(0);
    records = await transact("outbox", (s) => s.getAll());
    onCounts(countsOf(records));
    await post("devices/status", statusReport(records, version, Date.now()));
  } catch {
    // Offline or storage trouble: the heartbeat tries again.
  } finally {
    running = false;
    if (again) void sync(version, onCounts);
  }
}
