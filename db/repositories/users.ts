import type { Kysely } from "kysely";
import type { Database, NewUser, User } from "../schema";

type Db = Kysely<Database>;

export async function insertUser(db: Db, user: NewUser): Promise<User> {
  return db.insertInto("users").values(user).returningAll().executeTakeFirstOrThrow();
}

export async function findUserByUsername(db: Db, username: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
}

export async function findUserById(db: Db, id: number): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function setUserPassword(db: Db, userId: number, passwordHash: string, at: string): Promise<void> {
  await db
    .updateTable("users")
    .set({ password_hash: passwordHash, password_changed_at: at })
    .where("id", "=", userId)
    .execute();
}

export async function updateUser(
  db: Db,
  id: number,
  patch: Partial<Pick<User, "role" | "unit_id" | "disabled" | "email">>
): Promise<User> {
  return db.updateTable("users").set(patch).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

export interface UserListing {
  id: number;
  username: string;
  role: User["role"];
  unitId: number | null;
  unitCode: string | null;
  unitName: string | null;
  disabled: number;
  createdAt: string;
  passwordChangedAt: string;
}

/** Users with their unit; with `unitIds`, only users scoped to those units (never system administrators). */
export async function listUsers(db: Db, filter: { unitIds?: readonly number[] } = {}): Promise<UserListing[]> {
  if (filter.unitIds?.length === 0) return [];
  let q = db
    .selectFrom("users")
    .leftJoin("units", "units.id", "users.unit_id")
    .select([
      "users.id",
      "users.username",
      "users.role",
      "users.unit_id as unitId",
      "units.code as unitCode",
      "units.name as unitName",
      "users.disabled",
      "users.created_at as createdAt",
      "users.password_changed_at as passwordChangedAt",
    ]);
  if (filter.unitIds) q = q.where("users.unit_id", "in", filter.unitIds);
  return q.orderBy("users.username").execute();
}

/** Re-scopes the users of a unit row to another (a unit's new version takes over its accounts). */
export async function moveUsersToUnit(db: Db, fromUnitId: number, toUnitId: number): Promise<number> {
  const rows = await db
    .updateTable("users")
    .set({ unit_id: toUnitId })
    .where("unit_id", "=", fromUnitId)
    .returning("id")
    .execute();
  return rows.length;
}
