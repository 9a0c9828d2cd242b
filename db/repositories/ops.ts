/** What operations asks of the database: readiness probes, its size, and the retention purge. */
import { type Kysely, sql } from "kysely";
import type { Dialect } from "../connection";
import type { Database } from "../schema";

type Db = Kysely<Database>;

class RolledBack extends Error {}

/** Writes a row in a transaction and rolls it back: throws when the database cannot be written. */
export async function probeWrite(db: Db, at: Date): Promise<void> {
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto("readiness_probe").values({ id: 1, checked_at: at.toISOString() }).execute();
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
}

/** Whether kysely's migration table exists (not on a new database). */
export async function hasMigrationTable(db: Db, dialect: Dialect): Promise<boolean> {
  if (dialect === "sqlite") {
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(db);
    return Number(rows[0]?.n ?? 0) > 0;
  }
  const { rows } = await sql<{ found: string | null }>`select to_regclass('kysely_migration')::text as found`.execute(
    db
  );
  return rows[0]?.found != null;
}

/** The names of the migrations this database has run (kysely's own table). */
export async function appliedMigrations(db: Db): Promise<string[]> {
  const rows = await (db as unknown as Kysely<{ kysely_migration: { name: string } }>)
    .selectFrom("kysely_migration")
    .select("name")
    .execute();
  return rows.map((r) => r.name);
}

/** The database's size in bytes: SQLite's pages in use (the WAL aside); PostgreSQL's whole database. */
export async function databaseSizeBytes(db: Db, dialect: Dialect): Promise<number> {
  if (dialect === "sqlite") {
    const { rows } = await sql<{ bytes: number }>`
      select page_count * page_size as bytes from pragma_page_count(), pragma_page_size()`.execute(db);
    return Number(rows[0]?.bytes ?? 0);
  }
  const { rows } = await sql<{ bytes: number }>`select pg_database_size(current_database()) as bytes`.execute(db);
  return Number(rows[0]?.bytes ?? 0);
}

/**
 * Blanks the free text a citizen may have typed — the comment and the dossier
 * code — in responses that count before `before` (ISO instant). Counts,
 * ratings, reasons and the rollups are untouched, so every rate stays the same.
 */
export async function purgePersonalData(db: Db, before: string): Promise<{ comments: number; dossierCodes: number }> {
  const old = db.selectFrom("responses").where("effective_at", "<", before);
  const comments = await old
    .where("comment", "is not", null)
    .select((e) => e.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  const dossierCodes = await old
    .where("dossier_code", "is not", null)
    .select((e) => e.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  await db
    .updateTable("responses")
    .set({ comment: null, dossier_code: null })
    .where("effective_at", "<", before)
    .where((e) => e.or([e("comment", "is not", null), e("dossier_code", "is not", null)]))
    .execute();
  return { comments: Number(comments?.n ?? 0), dossierCodes: Number(dossierCodes?.n ?? 0) };
}

/** Old responses carrying extra answers (JSON), a page at a time by id. */
export async function oldResponsesWithAnswers(
  db: Db,
  before: string,
  afterId: string,
  limit: number
): Promise<{ id: string; questionnaireVersion: number; answers: Record<string, unknown> }[]> {
  const rows = await db
    .selectFrom("responses")
    .select(["id", "questionnaire_version", "answers"])
    .where("effective_at", "<", before)
    .where("answers", "is not", null)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    questionnaireVersion: r.questionnaire_version,
    answers: JSON.parse(r.answers!) as Record<string, unknown>,
  }));
}

/** Stores a response's extra answers (none left: null). */
export async function replaceAnswers(db: Db, id: string, answers: Record<string, unknown> | null): Promise<void> {
  await db
    .updateTable("responses")
    .set({ answers: answers && JSON.stringify(answers) })
    .where("id", "=", id)
    .execute();
}

/** The questionnaire versions of old responses carrying extra answers. */
export async function oldAnswerVersions(db: Db, before: string): Promise<number[]> {
  const rows = await db
    .selectFrom("responses")
    .select("questionnaire_version")
    .distinct()
    .where("effective_at", "<", before)
    .where("answers", "is not", null)
    .execute();
  return rows.map((r) => Number(r.questionnaire_version));
}
