/**
 * Dossiers (hồ sơ) and the events the one-stop system sent about them
 * (app/dossiers/events.server.ts applies them; ADR 052).
 */
import type { Kysely } from "kysely";
import type { Database, DossierEndKind, DossierEventType } from "../schema";

type Db = Kysely<Database>;

export interface DossierRecord {
  id: number;
  code: string;
  deskId: number | null;
  unitId: number | null;
  fieldCode: string | null;
  officerCode: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  endedAt: string | null;
  endKind: DossierEndKind | null;
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
  body: string;
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
  return rows.map((r) => ({ ...r, applied: Number(r.applied) === 1 }));
}

export async function setDossierEventsApplied(db: Db, dossierCode: string, applied: boolean): Promise<void> {
  await db
    .updateTable("dossier_events")
    .set({ applied: applied ? 1 : 0 })
    .where("dossier_code", "=", dossierCode)
    .execute();
}
