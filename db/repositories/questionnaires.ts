import { type Kysely, sql } from "kysely";
import { compiledQuery } from "../compiled";
import type { QuestionnaireDefinition } from "~/domain/questionnaire";
import type { Database, Flag, QuestionnaireRow } from "../schema";

type Db = Kysely<Database>;

/** A stored version with its definition parsed; `definitionJson` is the text as stored (audit, copies). */
export interface StoredQuestionnaire {
  id: number;
  version: number;
  definition: QuestionnaireDefinition;
  definitionJson: string;
  active: Flag;
  createdAt: string;
  /** When it was first shown on tablets; null while it is a draft. */
  activatedAt: string | null;
}

/** A new version; its definition as the JSON text to store. */
export type NewQuestionnaire = Pick<StoredQuestionnaire, "version" | "definitionJson" | "createdAt"> &
  Partial<Pick<StoredQuestionnaire, "active" | "activatedAt">>;

function parsed(row: QuestionnaireRow): StoredQuestionnaire;
function parsed(row: QuestionnaireRow | undefined): StoredQuestionnaire | undefined;
function parsed(row: QuestionnaireRow | undefined): StoredQuestionnaire | undefined {
  return (
    row && {
      id: row.id,
      version: row.version,
      definition: JSON.parse(row.definition) as QuestionnaireDefinition,
      definitionJson: row.definition,
      active: row.active,
      createdAt: row.created_at,
      activatedAt: row.activated_at,
    }
  );
}

export async function insertQuestionnaire(db: Db, q: NewQuestionnaire): Promise<StoredQuestionnaire> {
  return parsed(
    await db
      .insertInto("questionnaires")
      .values({
        version: q.version,
        definition: q.definitionJson,
        active: q.active,
        created_at: q.createdAt,
        activated_at: q.activatedAt ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
  );
}

// The kiosk page reads it on every request: compiled once, its LIMIT a literal (db/compiled.ts).
const selectActiveQuestionnaire = compiledQuery((db: Db) =>
  db.selectFrom("questionnaires").selectAll().where("active", "=", 1).limit(sql.lit(1))
);

export async function findActiveQuestionnaire(db: Db): Promise<StoredQuestionnaire | undefined> {
  const [row] = await selectActiveQuestionnaire(db);
  return parsed(row);
}

/** A version responses may be given under: one that has been activated at some time. */
export async function findReleasedQuestionnaire(db: Db, version: number): Promise<StoredQuestionnaire | undefined> {
  return parsed(
    await db
      .selectFrom("questionnaires")
      .selectAll()
      .where("version", "=", version)
      .where("activated_at", "is not", null)
      .executeTakeFirst()
  );
}

/** Whether any version exists at all, draft or released: a first start has none. */
export async function hasAnyQuestionnaire(db: Db): Promise<boolean> {
  const row = await db.selectFrom("questionnaires").select("id").limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function listQuestionnaires(db: Db): Promise<StoredQuestionnaire[]> {
  const rows = await db.selectFrom("questionnaires").selectAll().orderBy("version", "desc").execute();
  return rows.map((row) => parsed(row));
}

export async function findQuestionnaire(db: Db, version: number): Promise<StoredQuestionnaire | undefined> {
  return parsed(await db.selectFrom("questionnaires").selectAll().where("version", "=", version).executeTakeFirst());
}

export async function nextQuestionnaireVersion(db: Db): Promise<number> {
  const row = await db
    .selectFrom("questionnaires")
    .select((eb) => eb.fn.max("version").as("v"))
    .executeTakeFirst();
  return Number(row?.v ?? 0) + 1;
}

/**
 * Replaces a draft's definition. Only a version never activated changes:
 * the condition is in the UPDATE itself, so no path can rewrite a released
 * version. Returns false when the version is not a draft.
 */
export async function updateDraftDefinition(db: Db, version: number, definition: string): Promise<boolean> {
  const row = await db
    .updateTable("questionnaires")
    .set({ definition })
    .where("version", "=", version)
    .where("activated_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

/** Makes a version the one tablets show; the first activation is remembered for good. Run in a transaction. */
export async function activateQuestionnaire(db: Db, version: number, at: string): Promise<void> {
  await db.updateTable("questionnaires").set({ active: 0 }).where("active", "=", 1).execute();
  await db
    .updateTable("questionnaires")
    .set((eb) => ({ active: 1, activated_at: eb.fn.coalesce("activated_at", eb.val(at)) }))
    .where("version", "=", version)
    .execute();
}

/** Responses stored under each version. */
export async function countResponsesByVersion(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("responses")
    .select(["questionnaire_version", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("questionnaire_version")
    .execute();
  return new Map(rows.map((r) => [r.questionnaire_version, Number(r.n)]));
}
