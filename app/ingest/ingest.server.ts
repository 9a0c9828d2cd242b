/**
 * Storing responses: validation against the catalog, the clock rule, and an
 * idempotent insert with the spam rule (spam.server.ts) and its rollups, all
 * in one transaction per batch — shared with the batches of other requests
 * that arrive meanwhile (group commit, below).
 *
 * Outcomes per item, in order:
 * - created:   stored now;
 * - duplicate: this id was stored before with the same content (counted once);
 * - conflict:  this id was stored before with other content (the stored one stays);
 * - invalid:   not stored; problems say why.
 */
import type { DB } from "~db/connection";
import { type DeviceIdentity, touchDevice } from "~db/repositories/devices";
import { findContentHashes, insertResponsesIfNew } from "~db/repositories/responses";
import { applyToRollups } from "~db/repositories/rollups";
import type { ResponseRow } from "~db/schema";
import type { Catalog } from "~/catalog.server";
import { contactIsStale } from "~/devices/devices.server";
import { offeredReasons, overallLevels } from "~/domain/questionnaire";
import { validateAnswers } from "~/domain/questionnaire.server";
import { toLocalTime } from "~/domain/time";
import type { Problem } from "~/utils/problems";
import { type NormalisedItem, contentHash, parseItem } from "./item.server";
import { type SpamRule, flagSuspects, readStoredNeighbours } from "./spam.server";

export type IngestStatus = "created" | "duplicate" | "conflict" | "invalid";

export interface IngestOutcome {
  id: string | null;
  status: IngestStatus;
  problems?: Problem[];
}

/** A tablet clock further ahead than this, or further behind, is not trusted. */
export const CLOCK_AHEAD_LIMIT_MS = 5 * 60 * 1000;
export const CLOCK_BEHIND_LIMIT_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The time a response counts at: the tablet's tap time, unless the tablet's
 * clock is implausible (ahead of the server, or so far behind that it is more
 * likely wrong than offline), in which case the server's receipt time.
 */
export function effectiveTime(submittedAt: Date, receivedAt: Date): { at: Date; corrected: boolean } {
  const skew = submittedAt.getTime() - receivedAt.getTime();
  if (skew > CLOCK_AHEAD_LIMIT_MS || -skew > CLOCK_BEHIND_LIMIT_MS) return { at: receivedAt, corrected: true };
  return { at: submittedAt, corrected: false };
}

async function referenceProblems(catalog: Catalog, item: NormalisedItem): Promise<Problem[]> {
  const problems: Problem[] = [];
  const definition = await catalog.questionnaire(item.questionnaireVersion);
  if (!definition) {
    problems.push({
      field: "questionnaireVersion",
      code: "unknown_questionnaire_version",
      params: { version: item.questionnaireVersion },
    });
  } else {
    // A three-level version has no "neutral" face.
    if (!overallLevels(definition).includes(item.rating))
      problems.push({
        field: "rating",
        code: "rating_not_offered",
        params: { version: item.questionnaireVersion, code: item.rating },
      });
    const offered = new Set(offeredReasons(definition));
    for (const reason of item.reasons) {
      if (!offered.has(reason))
        problems.push({
          field: "reasons",
          code: "reason_not_offered",
          params: { version: item.questionnaireVersion, code: reason },
        });
    }
    if (item.answers) problems.push(...validateAnswers(definition, item.questionnaireVersion, item.answers));
  }
  if (item.fieldCode !== null && !(await catalog.hasField(item.fieldCode))) {
    problems.push({ field: "fieldCode", code: "unknown_field_code", params: { code: item.fieldCode } });
  }
  return problems;
}

/** Where a response was given: its device's desk and unit at the time of ingest. */
export type ResponseOrigin = Pick<DeviceIdentity, "deviceId" | "deskId" | "unitId" | "unitLevel">;

export function toResponseRow(device: ResponseOrigin, item: NormalisedItem, receivedAt: Date): ResponseRow {
  const { at, corrected } = effectiveTime(item.submittedAt, receivedAt);
  const local = toLocalTime(at);
  return {
    id: item.id,
    device_id: device.deviceId,
    desk_id: device.deskId,
    unit_id: device.unitId,
    unit_level: device.unitLevel,
    questionnaire_version: item.questionnaireVersion,
    rating: item.rating,
    reasons: JSON.stringify(item.reasons),
    harassment: item.rating === "dissatisfied" && item.reasons.includes("harassment") ? 1 : 0,
    field_code: item.fieldCode,
    dossier_code: item.dossierCode,
    on_time: item.onTime === null ? null : item.onTime ? 1 : 0,
    comment: item.comment,
    language: item.language,
    answers: item.answers ? JSON.stringify(item.answers) : null,
    submitted_at: item.submittedAt.toISOString(),
    received_at: receivedAt.toISOString(),
    effective_at: at.toISOString(),
    local_date: local.date,
    local_hour: local.hour,
    clock_corrected: corrected ? 1 : 0,
    suspect: 0,
    suspect_reason: null,
    suspect_review: null,
    content_hash: contentHash(device.deviceId, item),
  };
}

export interface IngestDeps {
  db: DB;
  catalog: Catalog;
  /** Where group commits run: the server's writer thread on SQLite (writer.server.ts); else here, on `db`. */
  ingestWriter?: { write: JobWriter } | null;
}

/** Writes a job's rows and fills in its outcomes; resolves once they are committed. */
export type JobWriter = (job: WriteJob) => Promise<void>;

/**
 * Stores a device's items (see the outcomes above), and notes the device's
 * contact (last_seen_at, at most every 30 s) in the same transaction.
 */
export async function ingestResponses(
  deps: IngestDeps,
  device: DeviceIdentity,
  inputs: readonly unknown[],
  receivedAt: Date
): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = new Array(inputs.length);
  const rows: { index: number; row: ResponseRow }[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const parsed = parseItem(inputs[i]);
    if (!parsed.ok) {
      outcomes[i] = { id: parsed.id, status: "invalid", problems: parsed.problems };
      continue;
    }
    const problems = await referenceProblems(deps.catalog, parsed.item);
    if (problems.length > 0) {
      outcomes[i] = { id: parsed.item.id, status: "invalid", problems };
      continue;
    }
    rows.push({ index: i, row: toResponseRow(device, parsed.item, receivedAt) });
  }
  const contactAt = contactIsStale(device, receivedAt) ? receivedAt.toISOString() : null;
  if (rows.length === 0 && contactAt === null) return outcomes;

  const spamRule = await deps.catalog.spamRule();
  const job: WriteJob = { deviceId: device.deviceId, rows, outcomes, spamRule, contactAt };
  await (deps.ingestWriter ? deps.ingestWriter.write(job) : commitInGroup(deps.db, job));
  return outcomes;
}

/** One request's valid rows, waiting to be written; `outcomes` is filled in when they are. */
export interface WriteJob {
  deviceId: number;
  rows: { index: number; row: ResponseRow }[];
  outcomes: IngestOutcome[];
  spamRule: SpamRule;
  /** The device's last_seen_at to write, if due. */
  contactAt: string | null;
}

interface WriteQueue {
  pending: { job: WriteJob; done: () => void; failed: (error: unknown) => void }[];
  writing: boolean;
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
  let queue = queues.get(db);
  if (!queue) {
    queue = { pending: [], writing: false };
    queues.set(db, queue);
  }
  const promise = new Promise<void>((done, failed) => queue.pending.push({ job, done, failed }));
  if (!queue.writing) scheduleGroup(db, queue);
  return promise;
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
    if (contactAt !== null && contactAt > (contacts.get(deviceId) ?? "")) contacts.set(deviceId, contactAt);
  }
  for (const [deviceId, at] of contacts) await touchDevice(trx, deviceId, at);

  // Of items sharing an id within the group, the first is inserted; the others compare with what is stored.
  const firsts = new Map<string, ResponseRow>();
  const timesByDevice = new Map<number, number[]>();
  for (const job of jobs) {
    for (const { row } of job.rows) {
      if (firsts.has(row.id)) continue;
      firsts.set(row.id, row);
      const times = timesByDevice.get(job.deviceId) ?? [];
      times.push(Date.parse(row.effective_at));
      timesByDevice.set(job.deviceId, times);
    }
  }
  if (firsts.size === 0) return;
  // One rule for the group (each job read it from the catalog; they differ only across a settings change).
  const rule = jobs[0].spamRule;
  const stored = await readStoredNeighbours(trx, timesByDevice, rule);

  const created = await insertResponsesIfNew(trx, [...firsts.values()]);
  const storedHashes = await findContentHashes(
    trx,
    [...firsts.keys()].filter((id) => !created.has(id))
  );
  const createdByDevice = new Map<number, ResponseRow[]>();
  for (const job of jobs) {
    for (const { index, row } of job.rows) {
      if (created.has(row.id) && firsts.get(row.id) === row) {
        job.outcomes[index] = { id: row.id, status: "created" };
        const rows = createdByDevice.get(job.deviceId) ?? [];
        rows.push(row);
        createdByDevice.set(job.deviceId, rows);
      } else {
        const hash = created.has(row.id) ? firsts.get(row.id)!.content_hash : storedHashes.get(row.id);
        job.outcomes[index] = { id: row.id, status: hash === row.content_hash ? "duplicate" : "conflict" };
      }
    }
  }
  const counted: ResponseRow[] = [];
  // The spam rule flags before the rollups count (suspects count apart).
  for (const [deviceId, rows] of createdByDevice)
    counted.push(...(await flagSuspects(trx, stored.get(deviceId)!, rows, rule)));
  await applyToRollups(trx, counted);
}
