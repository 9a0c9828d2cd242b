import type { Kysely } from "kysely";
import type { Database, NewResponse } from "../schema";

type Db = Kysely<Database>;

/** Inserts unless the id exists; true when this call stored it. */
export async function insertResponseIfNew(db: Db, row: NewResponse): Promise<boolean> {
  const inserted = await db
    .insertInto("responses")
    .values(row)
    .onConflict((oc) => oc.column("id").doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findContentHash(db: Db, id: string): Promise<string | undefined> {
  const row = await db.selectFrom("responses").select("content_hash").where("id", "=", id).executeTakeFirst();
  return row?.content_hash;
}

export async function countResponses(db: Db): Promise<number> {
  const row = await db
    .selectFrom("responses")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
