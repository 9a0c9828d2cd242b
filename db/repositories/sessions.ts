import type { Kysely } from "kysely";
import type { Database, Role } from "../schema";

type Db = Kysely<Database>;

/** A new session; its id is the sha256 of the secret held in the cookie. */
export interface NewSession {
  id: string;
  userId: number;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export async function insertSession(db: Db, session: NewSession): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      id: session.id,
      user_id: session.userId,
      created_at: session.createdAt,
      last_seen_at: session.lastSeenAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

export interface SessionUser {
  sessionId: string;
  lastSeenAt: string;
  expiresAt: string;
  userId: number;
  username: string;
  role: Role;
  unitId: number | null;
  disabled: number;
}

export async function findSessionUser(db: Db, sessionId: string): Promise<SessionUser | undefined> {
  return db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id as sessionId",
      "sessions.last_seen_at as lastSeenAt",
      "sessions.expires_at as expiresAt",
      "users.id as userId",
      "users.username",
      "users.role",
      "users.unit_id as unitId",
      "users.disabled",
    ])
    .where("sessions.id", "=", sessionId)
    .executeTakeFirst();
}

export async function touchSession(db: Db, sessionId: string, at: string): Promise<void> {
  await db.updateTable("sessions").set({ last_seen_at: at }).where("id", "=", sessionId).execute();
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: number): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}
