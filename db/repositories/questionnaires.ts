import type { Kysely } from "kysely";
import type { Database, NewQuestionnaire, Questionnaire } from "../schema";

type Db = Kysely<Database>;

export async function insertQuestionnaire(db: Db, q: NewQuestionnaire): Promise<Questionnaire> {
  return db.insertInto("questionnaires").values(q).returningAll().executeTakeFirstOrThrow();
}

export async function findActiveQuestionnaire(db: Db): Promise<Questionnaire | undefined> {
  return db.selectFrom("questionnaires").selectAll().where("active", "=", 1).executeTakeFirst();
}

/** A version responses may be given under: one that has been activated at some time. */
export async function findReleasedQuestionnaire(db: Db, version: number): Promise<Questionnaire | undefined> {
  return db
    .selectFrom("questionnaires")
    .selectAll()
    .where("version", "=", version)
    .where("activated_at", "is not", null)
    .executeTakeFirst();
}
