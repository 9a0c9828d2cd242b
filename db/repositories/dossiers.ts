/**
 * Dossiers (hồ sơ) and the events the one-stop system sent about them
 * (app/dossiers/events.server.ts applies them; ADR 052).
 */
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database, DossierEndKind, DossierEventType } from "../schema";

type Db = Kysely<Database>;

export interface DossierRecord extends DossierState {
  id: number;
  code: string;
  evaluationToken: string;
  evaluationResponseId: string | null;
}

const RECORD = [
  "id",
  "code",
  "desk_id as deskId",
  "unit_id as unitId",
  "field_code as fieldCode",
  "officer_code as officerCode",
  "received_at as receivedAt",
  "due_at as dueAt",
  "ended_at as endedAt",
  "end_kind as endKind",
  "evaluation_token as evaluationToken",
  "evaluation_response_id as evaluationResponseId",
] as const;

export async function findDossierByCode(db: Db, code: string): Promise<DossierRecord | undefined> {
  return db.selectFrom("dossiers").select(RECORD).where("code", "=", code).executeTakeFirst();
}

/** The dossier with this code, inserted (with its evaluation token) when there was none. */
export async function ensureDossier(
  db: Db,
  input: { code: string; evaluationToken: string; at: string }
): Promise<{ dossier: DossierRecord; created: boolean }> {
  const inserted = await db
    .insertInto("dossiers")
    .values({
      code: input.code,
      evaluation_token: input.evaluationToken,
      created_at: input.at,
      updated_at: input.at,
    })
    .onConflict((oc) => oc.column("code").doNothing())
    .returning(RECORD)
    .executeTakeFirst();
  if (inserted) return { dossier: inserted, created: true };
  const found = await findDossierByCode(db, input.code);
  if (!found) throw new Error(`dossier ${input.code} neither inserted nor found`);
  return { dossier: found, created: false };
}

/**
 * Takes the dossier's row lock for the rest of the transaction (PostgreSQL; SQLite
 * writes one at a time anyway): two requests with events of one dossier then
 * apply them one after the other, the second seeing the first's event.
 */
export async function lockDossier(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable("dossiers").set({ updated_at: at }).where("id", "=", id).execute();
}

export interface DossierState {
  deskId: number | null;
  unitId: number | null;
  fieldCode: string | null;
  officerCode: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  endedAt: string | null;
  endKind: DossierEndKind | null;
}

export async function updateDossierState(db: Db, id: number, state: DossierState, at: string): Promise<void> {
  await db
    .updateTable("dossiers")
    .set({
      desk_id: state.deskId,
      unit_id: state.unitId,
      field_code: state.fieldCode,
      officer_code: state.officerCode,
      received_at: state.receivedAt,
      due_at: state.dueAt,
      ended_at: state.endedAt,
      end_kind: state.endKind,
      updated_at: at,
    })
    .where("id", "=", id)
    .execute();
}

export interface DossierEventRecord {
  id: number;
  type: DossierEventType;
  occurredAt: string;
  /** The event as the system posted it, parsed. */
  body: unknown;
  applied: boolean;
}

/** Stores an event; undefined when the same (code, type, time) was stored before. */
export async function insertDossierEvent(
  db: Db,
  event: { systemId: number; dossierCode: string; type: DossierEventType; occurredAt: string; body: string; at: string }
): Promise<number | undefined> {
  const row = await db
    .insertInto("dossier_events")
    .values({
      system_id: event.systemId,
      dossier_code: event.dossierCode,
      type: event.type,
      occurred_at: event.occurredAt,
      body: event.body,
      recorded_at: event.at,
      applied: 0,
    })
    .onConflict((oc) => oc.columns(["dossier_code", "type", "occurred_at"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

export async function findDossierEventBody(
  db: Db,
  key: { dossierCode: string; type: DossierEventType; occurredAt: string }
): Promise<string | undefined> {
  const row = await db
    .selectFrom("dossier_events")
    .select("body")
    .where("dossier_code", "=", key.dossierCode)
    .where("type", "=", key.type)
    .where("occurred_at", "=", key.occurredAt)
    .executeTakeFirst();
  return row?.body;
}

/** Every event of a dossier, oldest first. */
export async function listDossierEvents(db: Db, dossierCode: string): Promise<DossierEventRecord[]> {
  const rows = await db
    .selectFrom("dossier_events")
    .select(["id", "type", "occurred_at as occurredAt", "body", "applied"])
    .where("dossier_code", "=", dossierCode)
    .orderBy("occurred_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ ...r, body: JSON.parse(r.body) as unknown, applied: Number(r.applied) === 1 }));
}

export async function setDossierEventsApplied(db: Db, dossierCode: string, applied: boolean): Promise<void> {
  await db
    .updateTable("dossier_events")
    .set({ applied: applied ? 1 : 0 })
    .where("dossier_code", "=", dossierCode)
    .execute();
}

/** The per-dossier figures of a report (app/reports/dossier-section.server.ts). */
export interface DossierReportCounts {
  /** Received in the range. */
  received: number;
  /** Returned in the range: the cohort every term below counts in. */
  returned: number;
  /** Returned no later than due, per the one-stop system. */
  onTime: number;
  /** Returned with a counted evaluation. */
  evaluated: number;
  /** Whose counted evaluation is «Không hài lòng». */
  dissatisfied: number;
  /** With a harassment case opened on a response about it. */
  withComplaint: number;
  /** Returned after the due time (or without one). */
  late: number;
  /** With at least one of: dissatisfied, a complaint, late (each dossier once). */
  flagged: number;
}

/**
 * Counts over the dossiers of some units (undefined: all) received or returned
 * in [fromInstant, toInstant) (UTC instants).
 */
export async function dossierReportCounts(
  db: Db,
  filter: { unitIds: readonly number[] | undefined; fromInstant: string; toInstant: string }
): Promise<DossierReportCounts> {
  if (filter.unitIds && filter.unitIds.length === 0) {
    return {
      received: 0,
      returned: 0,
      onTime: 0,
      evaluated: 0,
      dissatisfied: 0,
      withComplaint: 0,
      late: 0,
      flagged: 0,
    };
  }
  let receivedQuery = db
    .selectFrom("dossiers")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("received_at", ">=", filter.fromInstant)
    .where("received_at", "<", filter.toInstant);
  if (filter.unitIds) receivedQuery = receivedQuery.where("unit_id", "in", filter.unitIds);
  const receivedRow = await receivedQuery.executeTakeFirstOrThrow();

  // Instants are stored as toISOString() (UTC, fixed width), so comparing them as text is comparing times.
  const onTime = sql<boolean>`d.due_at is not null and d.ended_at <= d.due_at`;
  const evaluated = sql<boolean>`d.evaluation_response_id is not null`;
  const dissatisfied = sql<boolean>`r.rating = 'dissatisfied'`;
  const complaint = sql<boolean>`exists (select 1 from cases c inner join responses cr on cr.id = c.response_id
    where cr.dossier_id = d.id or cr.id = d.evaluation_response_id)`;
  const count = (condition: RawBuilder<boolean>) => sql<number | string>`sum(case when ${condition} then 1 else 0 end)`;
  let returnedQuery = db
    .selectFrom("dossiers as d")
    .leftJoin("responses as r", "r.id", "d.evaluation_response_id")
    .select((eb) => [
      eb.fn.countAll<number | string>().as("returned"),
      count(onTime).as("onTime"),
      count(evaluated).as("evaluated"),
      count(dissatisfied).as("dissatisfied"),
      count(complaint).as("withComplaint"),
      count(sql<boolean>`(${dissatisfied}) or (${complaint}) or not (${onTime})`).as("flagged"),
    ])
    .where("d.end_kind", "=", "returned")
    .where("d.received_at", "is not", null)
    .where("d.ended_at", ">=", filter.fromInstant)
    .where("d.ended_at", "<", filter.toInstant);
  if (filter.unitIds) returnedQuery = returnedQuery.where("d.unit_id", "in", filter.unitIds);
  const row = await returnedQuery.executeTakeFirstOrThrow();
  const returned = Number(row.returned);
  const onTimeCount = Number(row.onTime ?? 0);
  return {
    received: Number(receivedRow.n),
    returned,
    onTime: onTimeCount,
    evaluated: Number(row.evaluated ?? 0),
    dissatisfied: Number(row.dissatisfied ?? 0),
    withComplaint: Number(row.withComplaint ?? 0),
    late: returned - onTimeCount,
    flagged: Number(row.flagged ?? 0),
  };
}
