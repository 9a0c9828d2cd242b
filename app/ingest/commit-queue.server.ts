/**
 * The group commit: valid rows of requests that arrive while a transaction is
 * open wait, and are written together in the next one — the idempotent
 * insert, the spam rule (spam.server.ts), the rollups and the devices'
 * contact, in one transaction per group. Runs on the server's writer thread
 * on SQLite (writer.server.ts), else in the process.
 *
 * Outcomes per item, in order:
 * - created:   stored now;
 * - duplicate: this id was stored before with the same content (counted once);
 * - conflict:  this id was stored before with other content (the stored one stays);
 * - invalid:   not stored; problems say why.
 */
import type { DB } from "~db/connection";
import { openCasesForCounted } from "~db/repositories/case-deadlines";
import { touchDevice } from "~db/repositories/devices";
import { findOfficersNamedByDossiers, listDutiesOverlapping, officerOnDuty } from "~db/repositories/officers";
import { findContentHashes, insertResponsesIfNew } from "~db/repositories/responses";
import { applyToRollups } from "~db/repositories/rollups";
import type { StoredResponse } from "~db/repositories/responses";
import type { Problem } from "~/utils/problems";
import { ALREADY_EVALUATED, countAsEvaluations, linkDossiers } from "./dossiers.server";
import { type SpamRule, type StoredNeighbours, flagSuspects, readStoredNeighbours } from "./spam.server";

export type IngestStatus = "created" | "duplicate" | "conflict" | "invalid";

export interface IngestOutcome {
  id: string | null;
  status: IngestStatus;
  problems?: Problem[];
}

/** Writes a job's rows and fills in its outcomes; resolves once they are committed. */
export type JobWriter = (job: WriteJob) => Promise<void>;

/** One request's valid rows, waiting to be written; `outcomes` is filled in when they are. */
export interface WriteJob {
  /** The tablet; null for a phone response (a dossier's evaluation link: no device, no spam rule). */
  deviceId: number | null;
  /** `contactPhone`: the citizen's phone for the case this row opens, if any (never on the row: ADR 048). */
  rows: { index: number; row: StoredResponse; contactPhone?: string }[];
  outcomes: IngestOutcome[];
  spamRule: SpamRule;
  /** The device's last_seen_at to write, if due. */
  contactAt: string | null;
}

interface WriteQueue {
  pending: { job: WriteJob; done: () => void; failed: (error: unknown) => void }[];
  writing: boolean;
  /** Told of each group committed (metrics: group-commit sizes). */
  observer?: (group: { jobs: number; rows: number }) => void;
}

/** Rows per group transaction at most, so one commit's wait stays short. */
const MAX_GROUP_ROWS = 2_000;

const queues = new WeakMap<DB, WriteQueue>();

/**
 * Group commit: requests that arrive while a transaction is being written
 * queue up and are written together in the next one — one commit (one fsync
 * on SQLite) for many requests instead of one each. Each request still gets
 * its own outcomes and is answered only after the transaction holding its
 * rows has committed. Should a group fail, its requests are retried one by
 * one, so one request's failure (503, the tablet retries) is not another's.
 */
export function commitInGroup(db: DB, job: WriteJob): Promise<void> {
  const queue = queueOf(db);
  const promise = new Promise<void>((done, failed) => queue.pending.push({ job, done, failed }));
  if (!queue.writing) scheduleGroup(db, queue);
  return promise;
}

function queueOf(db: DB): WriteQueue {
  let queue = queues.get(db);
  if (!queue) {
    queue = { pending: [], writing: false };
    queues.set(db, queue);
  }
  return queue;
}

/** Calls `observer` after each group committed on `db`. */
export function observeGroups(db: DB, observer: (group: { jobs: number; rows: number }) => void): void {
  queueOf(db).observer = observer;
}

/** Requests waiting for their group's commit on `db` (the writer queue depth, without a writer thread). */
export function pendingJobs(db: DB): number {
  return queues.get(db)?.pending.length ?? 0;
}

/**
 * The next group is written after the event loop has read what arrived
 * meanwhile (setImmediate runs after the I/O phase): a SQLite transaction
 * runs without yielding to I/O, so starting at once would write every
 * request alone.
 */
function scheduleGroup(db: DB, queue: WriteQueue) {
  queue.writing = true;
  setImmediate(() => void writeNextGroup(db, queue));
}

async function writeNextGroup(db: DB, queue: WriteQueue): Promise<void> {
  try {
    let rows = 0;
    let take = 0;
    while (
      take < queue.pending.length &&
      (take === 0 || rows + queue.pending[take].job.rows.length <= MAX_GROUP_ROWS)
    ) {
      rows += queue.pending[take].job.rows.length;
      take++;
    }
    const group = queue.pending.splice(0, take);
    try {
      await db.transaction().execute((trx) =>
        writeJobs(
          trx,
          group.map((g) => g.job)
        )
      );
      for (const g of group) g.done();
      queue.observer?.({ jobs: group.length, rows });
    } catch (error) {
      if (group.length === 1) group[0].failed(error);
      else {
        for (const g of group) {
          try {
            await db.transaction().execute((trx) => writeJobs(trx, [g.job]));
            g.done();
          } catch (alone) {
            g.failed(alone);
          }
        }
      }
    }
  } finally {
    if (queue.pending.length > 0) scheduleGroup(db, queue);
    else queue.writing = false;
  }
}

/**
 * Writes the jobs' rows inside one transaction: the spam rule's view of each
 * device's stored taps around its new ones (read first, so it holds only what
 * was stored before), one multi-row idempotent insert for the group, the rule
 * once per device over all its new taps (its outcome depends only on the set
 * of taps, not on how they were split into requests), then the rollups of
 * everything counted, once. Rollup changes add up, so counting the group's
 * rows at the end gives the same sums as counting each request's rows after it.
 */
async function writeJobs(trx: DB, jobs: readonly WriteJob[]): Promise<void> {
  const contacts = new Map<number, string>();
  for (const { deviceId, contactAt } of jobs) {
    if (deviceId !== null && contactAt !== null && contactAt > (contacts.get(deviceId) ?? ""))
      contacts.set(deviceId, contactAt);
  }
  for (const [deviceId, at] of contacts) await touchDevice(trx, deviceId, at);

  // Of items sharing an id within the group, the first is inserted; the others compare with what is stored.
  const firsts = new Map<string, StoredResponse>();
  const phones = new Map<string, string>();
  for (const job of jobs) {
    for (const { row, contactPhone } of job.rows) {
      if (firsts.has(row.id)) continue;
      firsts.set(row.id, row);
      if (contactPhone) phones.set(row.id, contactPhone);
    }
  }
  // Dossiers named by typed codes, and phone responses whose dossier was evaluated already (not stored).
  const refused = await linkDossiers(trx, [...firsts.values()]);
  for (const id of refused) firsts.delete(id);
  for (const job of jobs)
    for (const { index, row } of job.rows)
      if (refused.has(row.id)) job.outcomes[index] = { id: row.id, status: "invalid", problems: [ALREADY_EVALUATED] };
  const timesByDevice = new Map<number, number[]>();
  for (const job of jobs) {
    if (job.deviceId === null) continue;
    for (const { row } of job.rows) {
      if (firsts.get(row.id) !== row) continue;
      const times = timesByDevice.get(job.deviceId) ?? [];
      times.push(Date.parse(row.effectiveAt));
      timesByDevice.set(job.deviceId, times);
    }
  }
  if (firsts.size === 0) return;
  // One rule for the group (each job read it from the catalog; they differ only across a settings change).
  const rule = jobs[0].spamRule;
  const stored =
    timesByDevice.size > 0 ? await readStoredNeighbours(trx, timesByDevice, rule) : new Map<number, StoredNeighbours>();

  await attributeToOfficers(trx, [...firsts.values()]);
  const created = await insertResponsesIfNew(trx, [...firsts.values()]);
  const storedHashes = await findContentHashes(
    trx,
    [...firsts.keys()].filter((id) => !created.has(id))
  );
  const createdByDevice = new Map<number | null, StoredResponse[]>();
  for (const job of jobs) {
    for (const { index, row } of job.rows) {
      if (refused.has(row.id)) continue;
      if (created.has(row.id) && firsts.get(row.id) === row) {
        job.outcomes[index] = { id: row.id, status: "created" };
        const rows = createdByDevice.get(job.deviceId) ?? [];
        rows.push(row);
        createdByDevice.set(job.deviceId, rows);
      } else {
        const hash = created.has(row.id) ? firsts.get(row.id)!.contentHash : storedHashes.get(row.id);
        job.outcomes[index] = { id: row.id, status: hash === row.contentHash ? "duplicate" : "conflict" };
      }
    }
  }
  const counted: StoredResponse[] = [];
  // The spam rule flags before the rollups count (suspects count apart).
  for (const [deviceId, rows] of createdByDevice)
    counted.push(...(deviceId === null ? rows : await flagSuspects(trx, stored.get(deviceId)!, rows, rule)));
  await applyToRollups(trx, counted);
  await countAsEvaluations(trx, counted);
  // Each counted harassment response opens its case in this same transaction (exactly once: unique per response).
  // With the citizen's phone, if left, kept apart from the response (ADR 048).
  await openCasesForCounted(trx, counted, phones);
}

/**
 * Sets each row's officer: the one its dossier names, else (a tablet's) the one
 * on duty at its desk at its effective time (ADR 056). Read here, in the write transaction, from the duties the
 * server recorded — never from what the tablet sent.
 */
async function attributeToOfficers(trx: DB, rows: readonly StoredResponse[]): Promise<void> {
  // The officer the one-stop system named on the response's dossier comes first (issue 17).
  const linked = rows.filter((r) => r.dossierId !== null && r.officerId === null);
  if (linked.length > 0) {
    const named = await findOfficersNamedByDossiers(
      trx,
      linked.map((r) => ({ dossierId: r.dossierId!, at: r.effectiveAt }))
    );
    for (const r of linked) r.officerId = named.get(r.dossierId!) ?? null;
  }
  const kiosk = rows.filter((r) => r.channel === "kiosk" && r.officerId === null);
  if (kiosk.length === 0) return;
  let from = kiosk[0].effectiveAt;
  let to = from;
  for (const r of kiosk) {
    if (r.effectiveAt < from) from = r.effectiveAt;
    if (r.effectiveAt > to) to = r.effectiveAt;
  }
  const duties = await listDutiesOverlapping(
    trx,
    kiosk.map((r) => r.deskId),
    from,
    to
  );
  if (duties.length === 0) return;
  for (const r of kiosk) r.officerId = officerOnDuty(duties, r.deskId, r.effectiveAt);
}
