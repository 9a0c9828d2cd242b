/**
 * Dossiers for tests, inserted as rows (as the one-stop system's events would
 * leave them; the dossier API is tested on its own), with their evaluation link.
 */
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import { openDatabase } from "~db/connection";
import type { Database, DossierEndKind } from "~db/schema";

export interface TestDossier {
  id: number;
  code: string;
  token: string;
  /** The phone's page: /danh-gia/<token>. */
  path: string;
}

export interface DossierInput {
  code?: string;
  /** The desk that received it (its unit too); none: heard of but not received. */
  deskCode?: string | null;
  fieldCode?: string | null;
  /** The officer the one-stop system named as receiving it. */
  officerCode?: string | null;
  receivedAt?: string;
  endedAt?: string | null;
  endKind?: DossierEndKind | null;
}

export async function insertDossier(db: Kysely<Database>, input: DossierInput = {}): Promise<TestDossier> {
  const desk = input.deskCode
    ? await db
        .selectFrom("desks")
        .select(["id", "unit_id"])
        .where("code", "=", input.deskCode)
        .executeTakeFirstOrThrow()
    : null;
  const token = crypto.randomBytes(16).toString("base64url");
  const code = input.code ?? `000.00.20.H56-241126-${crypto.randomInt(0, 999_999).toString().padStart(6, "0")}`;
  const at = new Date().toISOString();
  const row = await db
    .insertInto("dossiers")
    .values({
      code,
      desk_id: desk?.id ?? null,
      unit_id: desk?.unit_id ?? null,
      field_code: input.fieldCode ?? null,
      officer_code: input.officerCode ?? null,
      received_at: desk ? (input.receivedAt ?? at) : null,
      ended_at: input.endedAt ?? null,
      end_kind: input.endKind ?? (input.endedAt ? "returned" : null),
      evaluation_token: token,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, code, token, path: `/danh-gia/${token}` };
}

/** The same, on the database at `url` (a running server's). */
export async function insertDossierAt(url: string, input: DossierInput = {}): Promise<TestDossier> {
  const handle = openDatabase(url);
  try {
    return await insertDossier(handle.db, input);
  } finally {
    await handle.close();
  }
}

/** A dossier's counted evaluation and the responses linked to it. */
export async function dossierEvaluation(
  db: Kysely<Database>,
  dossierId: number
): Promise<{ evaluationResponseId: string | null; responses: { id: string; channel: string }[] }> {
  const dossier = await db
    .selectFrom("dossiers")
    .select("evaluation_response_id")
    .where("id", "=", dossierId)
    .executeTakeFirstOrThrow();
  const responses = await db
    .selectFrom("responses")
    .select(["id", "channel"])
    .where("dossier_id", "=", dossierId)
    .orderBy("received_at")
    .orderBy("id")
    .execute();
  return { evaluationResponseId: dossier.evaluation_response_id, responses };
}
