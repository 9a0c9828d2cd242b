/**
 * Systems: the one-stop system (or any integration) that reports dossiers.
 * Each holds a bearer token of which only the sha256 is stored (ADR 052).
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema";

type Db = Kysely<Database>;

export interface SystemListing {
  id: number;
  name: string;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

const LISTING = [
  "id",
  "name",
  "created_at as createdAt",
  "last_seen_at as lastSeenAt",
  "revoked_at as revokedAt",
] as const;

export async function insertSystem(
  db: Db,
  system: { name: string; tokenHash: string; createdAt: string }
): Promise<SystemListing> {
  return db
    .insertInto("systems")
    .values({ name: system.name, token_hash: system.tokenHash, created_at: system.createdAt })
    .returning(LISTING)
    .executeTakeFirstOrThrow();
}

export async function findSystemByTokenHash(db: Db, tokenHash: string): Promise<SystemListing | undefined> {
  return db.selectFrom("systems").select(LISTING).where("token_hash", "=", tokenHash).executeTakeFirst();
}

export async function findSystem(db: Db, id: number): Promise<SystemListing | undefined> {
  return db.selectFrom("systems").select(LISTING).where("id", "=", id).executeTakeFirst();
}

/** Every system, newest first. */
export async function listSystems(db: Db): Promise<SystemListing[]> {
  return db.selectFrom("systems").select(LISTING).orderBy("created_at", "desc").orderBy("id", "desc").execute();
}

export async function touchSystem(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable("systems").set({ last_seen_at: at }).where("id", "=", id).execute();
}

/** Revokes a system's token at once; true when it was active. */
export async function revokeSystem(db: Db, id: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable("systems")
    .set({ revoked_at: at })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
