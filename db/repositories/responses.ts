import { type Kysely, sql } from "kysely";
import { multiRowInsert } from "../insert-values";
import type { Database, Language, ResponseRow } from "../schema";

type Db = Kysely<Database>;

/** Rows per insert statement: 27 columns each stays under SQLite's 32,766 parameters. */
const INSERT_CHUNK = 500;

/**
 * Inserts the rows whose id is not stored yet, in multi-row statements
 * (db/insert-values.ts). Returns the ids this call stored; of rows sharing an
 * id, the first is stored.
 */
export async function insertResponsesIfNew(db: Db, rows: readonly ResponseRow[]): Promise<Set<string>> {
  const created = new Set<string>();
  if (rows.length === 0) return created;
  const columns = Object.keys(rows[0]) as (keyof ResponseRow)[];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const values = rows.slice(i, i + INSERT_CHUNK).map((row) => columns.map((c) => row[c]));
    const insert = multiRowInsert(db, "responses", columns, values, `on conflict ("id") do nothing returning "id"`);
    const result = await db.executeQuery<{ id: string }>(insert);
    for (const row of result.rows) created.add(row.id);
  }
  return created;
}

/** Inserts new responses (ids known to be new, as in a demo seed), at most INSERT_CHUNK at a time. */
export async function insertResponses(db: Db, rows: readonly ResponseRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insertInto("responses")
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}

/** Stored content hashes by id. */
export async function findContentHashes(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
    const rows = await db
      .selectFrom("responses")
      .select(["id", "content_hash"])
      .where("id", "in", ids.slice(i, i + INSERT_CHUNK))
      .execute();
    for (const row of rows) out.set(row.id, row.content_hash);
  }
  return out;
}

export async function countResponses(db: Db): Promise<number> {
  const row = await db
    .selectFrom("responses")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface DissatisfiedComment {
  id: string;
  effective_at: string;
  comment: string;
  /** The language the citizen used at the kiosk. */
  language: Language;
  reasons: string;
  field_code: string | null;
  desk_name: string;
  unit_code: string;
  unit_name: string;
}

export interface CommentFilter {
  /** Effective times, ISO UTC: since included, until excluded. */
  since: string;
  until: string;
  unitIds?: readonly number[];
  limit: number;
  /** Continue after this comment (the last one of the previous page). */
  after?: { effective_at: string; id: string };
}

/**
 * What dissatisfied citizens wrote, newest first, without suspect responses.
 * The literal predicate matches the partial index
 * responses_dissatisfied_comments_idx (PostgreSQL uses a partial index only
 * when the query's condition implies it, which a bound parameter cannot).
 */
export async function listDissatisfiedComments(db: Db, filter: CommentFilter): Promise<DissatisfiedComment[]> {
  if (filter.unitIds && filter.unitIds.length === 0) return [];
  let q = db
    .selectFrom("responses")
    .innerJoin("desks", "desks.id", "responses.desk_id")
    .innerJoin("units", "units.id", "responses.unit_id")
    .select([
      "responses.id",
      "responses.effective_at",
      "responses.reasons",
      "responses.language",
      "responses.field_code",
      "desks.name as desk_name",
      "units.code as unit_code",
      "units.name as unit_name",
    ])
    .select(sql<string>`responses.comment`.as("comment"))
    .where(sql<boolean>`responses.rating = 'dissatisfied' and responses.comment is not null`)
    .where("responses.suspect", "=", 0)
    .where("responses.effective_at", ">=", filter.since)
    .where("responses.effective_at", "<", filter.until);
  if (filter.unitIds) q = q.where("responses.unit_id", "in", filter.unitIds);
  const after = filter.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb("responses.effective_at", "<", after.effective_at),
        eb.and([eb("responses.effective_at", "=", after.effective_at), eb("responses.id", "<", after.id)]),
      ])
    );
  }
  return q.orderBy("responses.effective_at", "desc").orderBy("responses.id", "desc").limit(filter.limit).execute();
}
