import type { Kysely } from "kysely";
import type { Database, NewUser, User } from "../schema";

type Db = Kysely<Database>;

export async function insertUser(db: Db, user: NewUser): Promise<User> {
  return db.insertInto("users").values(user).returningAll().executeTakeFirstOrThrow();
}

export async function findUserByUsername(db: Db, username: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
}

export async function setUserPassword(db: Db, userId: number, passwordHash: string, at: string): Promise<void> {
  await db
    .updateTable("users")
    .set({ password_hash: passwordHash, password_changed_at: at })
    .where("id", "=", userId)
    .execute();
}
