/**
 * A dossier's evaluation (ADR 054): the citizen's phone link (/danh-gia/<token>)
 * and the tablet's typed dossier code both lead here. At most one response is
 * a dossier's counted evaluation (dossiers.evaluation_response_id, unique):
 * the first one stored and counted, whichever channel it came from.
 */
import type { Kysely } from "kysely";
import type { Database, DossierEndKind, UnitLevel } from "../schema";

type Db = Kysely<Database>;

/** What the phone page needs of a dossier: where it was handled, never what it holds. */
export interface EvaluationTarget {
  dossierId: number;
  deskId: number | null;
  deskName: string | null;
  unitId: number | null;
  unitName: string | null;
  unitLevel: UnitLevel | null;
  fieldCode: string | null;
  fieldNameVi: string | null;
  fieldNameEn: string | null;
  receivedAt: string | null;
  endedAt: string | null;
  endKind: DossierEndKind | null;
  evaluationResponseId: string | null;
}

export async function findEvaluationTarget(db: Db, token: string): Promise<EvaluationTarget | undefined> {
  return db
    .selectFrom("dossiers")
    .leftJoin("desks", "desks.id", "dossiers.desk_id")
    .leftJoin("units", "units.id", "dossiers.unit_id")
    .leftJoin("procedure_fields", "procedure_fields.code", "dossiers.field_code")
    .select([
      "dossiers.id as dossierId",
      "dossiers.desk_id as deskId",
      "desks.name as deskName",
      "dossiers.unit_id as unitId",
      "units.name as unitName",
      "units.level as unitLevel",
      "dossiers.field_code as fieldCode",
      "procedure_fields.name_vi as fieldNameVi",
      "procedure_fields.name_en as fieldNameEn",
      "dossiers.received_at as receivedAt",
      "dossiers.ended_at as endedAt",
      "dossiers.end_kind as endKind",
      "dossiers.evaluation_response_id as evaluationResponseId",
    ])
    .where("dossiers.evaluation_token", "=", token)
    .executeTakeFirst();
}

/** Known dossiers among these (stored-form) codes, with the unit that received them. */
export async function findDossiersByCodes(
  db: Db,
  codes: readonly string[]
): Promise<{ id: number; code: string; unitId: number | null }[]> {
  if (codes.length === 0) return [];
  return db
    .selectFrom("dossiers")
    .select(["id", "code", "unit_id as unitId"])
    .where("code", "in", [...new Set(codes)])
    .execute();
}

/**
 * Holds the dossier for this evaluation while the transaction runs, if it has
 * none yet (or has this very response: a replay): false when another response
 * is already its evaluation. The update changes nothing but takes the row's
 * lock, so on PostgreSQL a second writer waits here and then sees the first
 * one's evaluation; SQLite writes one transaction at a time anyway.
 */
export async function holdDossierForEvaluation(db: Db, dossierId: number, responseId: string): Promise<boolean> {
  const result = await db
    .updateTable("dossiers")
    .set((eb) => ({ updated_at: eb.ref("updated_at") }))
    .where("id", "=", dossierId)
    .where((eb) => eb.or([eb("evaluation_response_id", "is", null), eb("evaluation_response_id", "=", responseId)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Makes a stored response the dossier's evaluation unless it has one: true when it did. */
export async function setDossierEvaluation(
  db: Db,
  dossierId: number,
  responseId: string,
  at: string
): Promise<boolean> {
  const result = await db
    .updateTable("dossiers")
    .set({ evaluation_response_id: responseId, updated_at: at })
    .where("id", "=", dossierId)
    .where("evaluation_response_id", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
