/**
 * The dossier events the one-stop system sends (POST /api/v1/dossiers; ADR 052).
 *
 * Every valid event is kept in dossier_events, unique by (dossier code, type,
 * time): the same event again is a `duplicate`, a different one with the same
 * key is refused as a conflict. The dossier row is then recomputed from all of
 * its events, so the order they arrive in does not matter: reception comes
 * from the latest «received», the end from the earliest «returned»,
 * «withdrawn» or «cancelled»; until a «received» arrives the other events wait
 * unapplied. When the dossier becomes returned, each webhook subscribed to
 * `dossier.returned` gets a delivery (written in the same transaction: an
 * outbox the alerts scheduler sends).
 */
import crypto from "node:crypto";
import { z } from "zod";
import type { DB } from "~db/connection";
import { insertDeliveries, listWebhooks } from "~db/repositories/alerts";
import { findDeskByCode, findDeskById } from "~db/repositories/desks";
import {
  type DossierRecord,
  type DossierState,
  ensureDossier,
  findDossierByCode,
  findDossierEventBody,
  insertDossierEvent,
  listDossierEvents,
  lockDossier,
  setDossierEventsApplied,
  updateDossierState,
} from "~db/repositories/dossiers";
import { fieldCodeExists } from "~db/repositories/fields";
import { findUnitById } from "~db/repositories/units";
import type { DossierEndKind, DossierEventType } from "~db/schema";
import { type Problem, validate } from "~/utils/problems";
import { DOSSIER_CODE_MAX_LENGTH as MAX_DOSSIER_CODE_LENGTH, dossierCodeOrNull } from "~/domain/dossier-code";
import { evaluationLink, newEvaluationToken, readEvaluationLinkDays } from "./links.server";

export const DOSSIER_RETURNED_EVENT = "dossier.returned";

const code = (max: number) => z.string().trim().min(1).max(max);
const instant = z.iso.datetime({ offset: true });

const receivedSchema = z.strictObject({
  type: z.literal("received"),
  dossierCode: z.string().max(MAX_DOSSIER_CODE_LENGTH + 16),
  occurredAt: instant,
  deskCode: code(40),
  fieldCode: code(40).nullish(),
  officerCode: code(64).nullish(),
  dueAt: instant,
});
const endSchema = z.strictObject({
  type: z.enum(["returned", "withdrawn", "cancelled"]),
  dossierCode: z.string().max(MAX_DOSSIER_CODE_LENGTH + 16),
  occurredAt: instant,
});
const typeSchema = z.object({ type: z.enum(["received", "returned", "withdrawn", "cancelled"]) });

/** An event as stored (its body): normalised code, UTC instants, keys in one order. */
export type DossierEvent =
  | {
      type: "received";
      dossierCode: string;
      occurredAt: string;
      deskCode: string;
      fieldCode: string | null;
      officerCode: string | null;
      dueAt: string;
    }
  | { type: DossierEndKind; dossierCode: string; occurredAt: string };

export type DossierEventStatus = "created" | "updated" | "duplicate" | "invalid";

export interface DossierEventOutcome {
  dossierCode: string | null;
  status: DossierEventStatus;
  problems?: Problem[];
}

const utc = (iso: string) => new Date(iso).toISOString();

/** Validates one event; checks that need the database come after. */
export function parseDossierEvent(
  raw: unknown
): { ok: true; event: DossierEvent } | { ok: false; problems: Problem[] } {
  const kind = validate(typeSchema, raw);
  if (!kind.ok) return { ok: false, problems: kind.problems };
  const parsed = kind.data.type === "received" ? validate(receivedSchema, raw) : validate(endSchema, raw);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const d = parsed.data;
  const dossierCode = dossierCodeOrNull(d.dossierCode);
  if (dossierCode === null) return { ok: false, problems: [{ field: "dossierCode", code: "dossier_code_format" }] };
  if (d.type !== "received") return { ok: true, event: { type: d.type, dossierCode, occurredAt: utc(d.occurredAt) } };
  const r = d as z.output<typeof receivedSchema>;
  const event: DossierEvent = {
    type: "received",
    dossierCode,
    occurredAt: utc(r.occurredAt),
    deskCode: r.deskCode,
    fieldCode: r.fieldCode ?? null,
    officerCode: r.officerCode ?? null,
    dueAt: utc(r.dueAt),
  };
  if (event.dueAt < event.occurredAt) return { ok: false, problems: [{ field: "dueAt", code: "due_before_received" }] };
  return { ok: true, event };
}

/** The dossier as its events make it (pure): null fields until a «received» is there. */
export function stateFromEvents(
  events: readonly DossierEvent[]
): Omit<DossierState, "deskId" | "unitId"> & { deskCode: string | null } {
  const received = events
    .filter((e): e is Extract<DossierEvent, { type: "received" }> => e.type === "received")
    .sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : -1))[0];
  if (!received) {
    return {
      deskCode: null,
      fieldCode: null,
      officerCode: null,
      receivedAt: null,
      dueAt: null,
      endedAt: null,
      endKind: null,
    };
  }
  const end = events
    .filter((e) => e.type !== "received")
    .sort((a, b) =>
      a.occurredAt === b.occurredAt ? endRank(a.type) - endRank(b.type) : a.occurredAt < b.occurredAt ? -1 : 1
    )[0];
  return {
    deskCode: received.deskCode,
    fieldCode: received.fieldCode,
    officerCode: received.officerCode,
    receivedAt: received.occurredAt,
    dueAt: received.dueAt,
    endedAt: end?.occurredAt ?? null,
    endKind: (end?.type as DossierEndKind | undefined) ?? null,
  };
}

function endRank(type: DossierEventType): number {
  return ["returned", "withdrawn", "cancelled"].indexOf(type);
}

/** Problems only the database can tell: an unknown desk or field. */
async function referenceProblems(db: DB, event: DossierEvent): Promise<Problem[]> {
  if (event.type !== "received") return [];
  const problems: Problem[] = [];
  if (!(await findDeskByCode(db, event.deskCode))) {
    problems.push({ field: "deskCode", code: "unknown_desk_code", params: { code: event.deskCode } });
  }
  if (event.fieldCode !== null && !(await fieldCodeExists(db, event.fieldCode))) {
    problems.push({ field: "fieldCode", code: "unknown_field_code", params: { code: event.fieldCode } });
  }
  return problems;
}

export interface RecordOptions {
  systemId: number;
  now: Date;
  /** The public origin evaluation links point to (PUBLIC_URL, or the request's own). */
  origin: string;
}

/** Records the events in order; an outcome per event, in the same order. */
export async function recordDossierEvents(
  db: DB,
  rawEvents: readonly unknown[],
  options: RecordOptions
): Promise<DossierEventOutcome[]> {
  const outcomes: DossierEventOutcome[] = [];
  for (const raw of rawEvents) outcomes.push(await recordOne(db, raw, options));
  return outcomes;
}

function rawCode(raw: unknown): string | null {
  const value = raw && typeof raw === "object" ? (raw as Record<string, unknown>).dossierCode : undefined;
  return typeof value === "string" ? value.slice(0, MAX_DOSSIER_CODE_LENGTH + 16) : null;
}

class Conflict extends Error {}

async function recordOne(db: DB, raw: unknown, options: RecordOptions): Promise<DossierEventOutcome> {
  const parsed = parseDossierEvent(raw);
  if (!parsed.ok) return { dossierCode: rawCode(raw), status: "invalid", problems: parsed.problems };
  const event = parsed.event;
  const problems = await referenceProblems(db, event);
  if (problems.length > 0) return { dossierCode: event.dossierCode, status: "invalid", problems };
  const at = options.now.toISOString();
  const body = JSON.stringify(event);
  try {
    const status = await db.transaction().execute(async (trx) => {
      const key = { dossierCode: event.dossierCode, type: event.type, occurredAt: event.occurredAt };
      const stored = await findDossierEventBody(trx, key);
      if (stored !== undefined) {
        if (stored === body) return "duplicate" as const;
        throw new Conflict();
      }
      const { dossier, created } = await ensureDossier(trx, {
        code: event.dossierCode,
        evaluationToken: newEvaluationToken(),
        at,
      });
      await lockDossier(trx, dossier.id, at);
      const id = await insertDossierEvent(trx, { systemId: options.systemId, ...key, body, at });
      if (id === undefined) {
        // Stored meanwhile by another request.
        if ((await findDossierEventBody(trx, key)) === body) return "duplicate" as const;
        throw new Conflict();
      }
      // As it is now that the lock is held (another request may have changed it meanwhile).
      const current = (await findDossierByCode(trx, dossier.code)) ?? dossier;
      await applyEvents(trx, current, options);
      return created ? ("created" as const) : ("updated" as const);
    });
    return { dossierCode: event.dossierCode, status };
  } catch (error) {
    if (error instanceof Conflict) {
      return {
        dossierCode: event.dossierCode,
        status: "invalid",
        problems: [{ field: "", code: "dossier_event_conflict" }],
      };
    }
    throw error;
  }
}

/** Recomputes a dossier from its events; writes the `dossier.returned` deliveries when it just became returned. */
async function applyEvents(db: DB, dossier: DossierRecord, options: RecordOptions): Promise<void> {
  const events = (await listDossierEvents(db, dossier.code)).map((e) => e.body as DossierEvent);
  const next = stateFromEvents(events);
  const desk = next.deskCode ? await findDeskByCode(db, next.deskCode) : undefined;
  const state: DossierState = {
    deskId: desk?.id ?? null,
    unitId: desk?.unitId ?? null,
    fieldCode: next.fieldCode,
    officerCode: next.officerCode,
    receivedAt: next.receivedAt,
    dueAt: next.dueAt,
    endedAt: next.endedAt,
    endKind: next.endKind,
  };
  await updateDossierState(db, dossier.id, state, options.now.toISOString());
  await setDossierEventsApplied(db, dossier.code, state.receivedAt !== null);
  const wasReturned = dossier.endKind === "returned" && dossier.receivedAt !== null;
  if (state.endKind === "returned" && !wasReturned) await emitReturned(db, { ...dossier, ...state }, options);
}

async function emitReturned(db: DB, dossier: DossierRecord, options: RecordOptions): Promise<void> {
  const hooks = (await listWebhooks(db, { active: true })).filter((h) =>
    h.events.split(",").includes(DOSSIER_RETURNED_EVENT)
  );
  if (hooks.length === 0) return;
  const unit = dossier.unitId === null ? undefined : await findUnitById(db, dossier.unitId);
  const desk = dossier.deskId === null ? undefined : await findDeskById(db, dossier.deskId);
  const link = evaluationLink(options.origin, dossier, await readEvaluationLinkDays(db));
  const nowIso = options.now.toISOString();
  const body = {
    dossier: {
      code: dossier.code,
      unit: unit ? { code: unit.code, name: unit.name } : null,
      desk: desk ? { code: desk.code, name: desk.name } : null,
      fieldCode: dossier.fieldCode,
      officerCode: dossier.officerCode,
      receivedAt: dossier.receivedAt,
      dueAt: dossier.dueAt,
      returnedAt: dossier.endedAt,
      onTime: onTime(dossier),
      evaluationLink: link,
    },
  };
  await insertDeliveries(
    db,
    hooks.map((h) => {
      const id = crypto.randomUUID();
      return {
        id,
        webhookId: h.id,
        caseEventId: null,
        event: DOSSIER_RETURNED_EVENT,
        payload: JSON.stringify({
          event: DOSSIER_RETURNED_EVENT,
          deliveryId: id,
          occurredAt: dossier.endedAt,
          ...body,
        }),
        status: "pending" as const,
        nextAttemptAt: nowIso,
        createdAt: nowIso,
      };
    })
  );
}

/** On time per the system: returned no later than its due time (null: not returned, or no due time). */
export function onTime(dossier: Pick<DossierRecord, "endKind" | "endedAt" | "dueAt">): boolean | null {
  if (dossier.endKind !== "returned" || !dossier.endedAt || !dossier.dueAt) return null;
  return Date.parse(dossier.endedAt) <= Date.parse(dossier.dueAt);
}
