import type { Kysely } from "kysely";
import type { Database, Flag, Role, UserRow } from "../schema";

type Db = Kysely<Database>;

/** A staff account. */
export interface User {
  id: number;
  username: string;
  passwordHash: string;
  role: Role;
  /** The unit whose subtree the account sees; null for a system administrator. */
  unitId: number | null;
  disabled: Flag;
  createdAt: string;
  passwordChangedAt: string;
  email: string | null;
}

export type NewUser = Pick<User, "username" | "passwordHash" | "role" | "unitId" | "createdAt" | "passwordChangedAt"> &
  Partial<Pick<User, "disabled" | "email">>;

function toUser(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    passwordHash: r.password_hash,
    role: r.role,
    unitId: r.unit_id,
    disabled: r.disabled,
    createdAt: r.created_at,
    passwordChangedAt: r.password_changed_at,
    email: r.email,
  };
}

export async function insertUser(db: Db, user: NewUser): Promise<User> {
  const row = await db
    .insertInto("users")
    .values({
      username: user.username,
      password_hash: user.passwordHash,
      role: user.role,
      unit_id: user.unitId,
      disabled: user.disabled,
      created_at: user.createdAt,
      password_changed_at: user.passwordChangedAt,
      email: user.email,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUser(row);
}

export async function findUserByUsername(db: Db, username: string): Promise<User | undefined> {
  const row = await db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
  return row && toUser(row);
}

export async function findUserById(db: Db, id: number): Promise<User | undefined> {
  const row = await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toUser(row);
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
  patch: Partial<Pick<User, "role" | "unitId" | "disabled" | "email">>
): Promise<User> {
  const row = await db
    .updateTable("users")
    .set({ role: patch.role, unit_id: patch.unitId, disabled: patch.disabled, email: patch.email })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUser(row);
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

/** A UserListing's columns, on users left-joined to their unit. */
export const USER_LISTING_COLUMNS = [
  "users.id",
  "users.username",
  "users.role",
  "users.unit_id as unitId",
  "units.code as unitCode",
  "units.name as unitName",
  "users.disabled",
  "users.created_at as createdAt",
  "users.password_changed_at as passwordChangedAt",
] as const;

/** Users with their unit; with `unitIds`, only users scoped to those units (never system administrators). */
export async function listUsers(db: Db, filter: { unitIds?: readonly number[] } = {}): Promise<UserListing[]> {
  if (filter.unitIds?.length === 0) return [];
  let q = db.selectFrom("users").leftJoin("units", "units.id", "users.unit_id").select(USER_LISTING_COLUMNS);
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
