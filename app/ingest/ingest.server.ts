/**
 * Storing responses: each item parsed (item.server.ts), checked against the
 * catalog and turned into a row (rows.server.ts), then written with the
 * other requests' rows in one group commit (commit-queue.server.ts).
 */
import type { DB } from "~db/connection";
import type { DeviceIdentity } from "~db/repositories/devices";
import type { StoredResponse } from "~db/repositories/responses";
import { contactIsStale } from "~/domain/device-status";
import type { Catalog } from "./catalog.server";
import {
  type IngestOutcome,
  type IngestStatus,
  type JobWriter,
  type WriteJob,
  commitInGroup,
} from "./commit-queue.server";
import { parseItem } from "./item.server";
import { type ResponseOrigin, referenceProblems, toResponseRow } from "./rows.server";

export interface IngestDeps {
  db: DB;
  catalog: Catalog;
  /** Where group commits run: the server's writer thread on SQLite (writer.server.ts); else here, on `db`. */
  ingestWriter?: { write: JobWriter } | null;
  /** Counts the outcomes (app/ops/metrics.server.ts). */
  metrics?: { ingested(status: IngestStatus, count: number): void };
}

function countOutcomes(deps: IngestDeps, outcomes: readonly IngestOutcome[]): void {
  if (!deps.metrics) return;
  const counts = new Map<IngestStatus, number>();
  for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  for (const [status, count] of counts) deps.metrics.ingested(status, count);
}

/**
 * Stores a device's items (outcomes: commit-queue.server.ts), and notes the device's
 * contact (last_seen_at, at most every 30 s) in the same transaction.
 */
export async function ingestResponses(
  deps: IngestDeps,
  device: DeviceIdentity,
  inputs: readonly unknown[],
  receivedAt: Date
): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = new Array(inputs.length);
  const rows: WriteJob["rows"] = [];
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
    const row = toResponseRow(device, parsed.item, receivedAt);
    rows.push(parsed.contactPhone ? { index: i, row, contactPhone: parsed.contactPhone } : { index: i, row });
  }
  const contactAt = contactIsStale(device, receivedAt) ? receivedAt.toISOString() : null;
  if (rows.length === 0 && contactAt === null) {
    countOutcomes(deps, outcomes);
    return outcomes;
  }

  const spamRule = await deps.catalog.spamRule();
  const job: WriteJob = { deviceId: device.deviceId, rows, outcomes, spamRule, contactAt };
  await (deps.ingestWriter ? deps.ingestWriter.write(job) : commitInGroup(deps.db, job));
  countOutcomes(deps, outcomes);
  return outcomes;
}

/**
 * Stores a citizen's evaluation of a dossier from their phone (the dossier's
 * evaluation link): one item, at the dossier's desk and unit, channel "phone",
 * through the same group commit as the tablets. Its outcome is `invalid` with
 * ALREADY_EVALUATED (dossiers.server.ts) when the dossier has another
 * evaluation by the time it is written.
 */
export async function ingestDossierEvaluation(
  deps: IngestDeps,
  origin: Omit<ResponseOrigin, "deviceId"> & { dossierId: number },
  input: unknown,
  receivedAt: Date
): Promise<IngestOutcome> {
  const parsed = parseItem(input);
  if (!parsed.ok) return { id: parsed.id, status: "invalid", problems: parsed.problems };
  const problems = await referenceProblems(deps.catalog, parsed.item);
  if (problems.length > 0) return { id: parsed.item.id, status: "invalid", problems };
  const row: StoredResponse = {
    ...toResponseRow({ ...origin, deviceId: null }, parsed.item, receivedAt),
    channel: "phone",
    dossierId: origin.dossierId,
  };
  const outcomes: IngestOutcome[] = [];
  const spamRule = await deps.catalog.spamRule();
  const rows = [parsed.contactPhone ? { index: 0, row, contactPhone: parsed.contactPhone } : { index: 0, row }];
  const job: WriteJob = { deviceId: null, rows, outcomes, spamRule, contactAt: null };
  await (deps.ingestWriter ? deps.ingestWriter.write(job) : commitInGroup(deps.db, job));
  countOutcomes(deps, outcomes);
  return outcomes[0];
}
