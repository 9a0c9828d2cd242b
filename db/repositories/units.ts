import type { Kysely } from "kysely";
import { searchKey } from "~/utils/search-key";
import type { Database, NewUnit, Unit } from "../schema";

type Db = Kysely<Database>;

export async function insertUnit(db: Db, unit: NewUnit): Promise<Unit> {
  return db
    .insertInto("units")
    .values({ ...unit, search_key: searchKey(unit.name, unit.code) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Whether the database holds neither a unit nor a user yet (a fresh install). */
export async function hasNoUnitsOrUsers(db: Db): Promise<boolean> {
  const unit = await db.selectFrom("units").select("id").limit(1).executeTakeFirst();
  const user = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  return !unit && !user;
}

/** The unit with this code that is valid today (or the newest one, when all have ended). */
export async function findUnitByCode(db: Db, code: string): Promise<Unit | undefined> {
  const rows = await db.selectFrom("units").selectAll().where("code", "=", code).orderBy("id", "desc").execute();
  return rows.find((u) => u.valid_to === null) ?? rows[0];
}

export async function findUnitById(db: Db, id: number): Promise<Unit | undefined> {
  return db.selectFrom("units").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listUnits(db: Db): Promise<Unit[]> {
  return db.selectFrom("units").selectAll().orderBy("code").execute();
}

/** Ids of a unit and everything below it. */
export async function subtreeUnitIds(db: Db, rootId: number): Promise<number[]> {
  const rows = await db
    .withRecursive("subtree(id)", (qb) =>
      qb
        .selectFrom("units")
        .select("id")
        .where("id", "=", rootId)
        .unionAll((q) => q.selectFrom("units").innerJoin("subtree", "subtree.id", "units.parent_id").select("units.id"))
    )
    .selectFrom("subtree")
    .select("id")
    .execute();
  return rows.map((r) => r.id);
}

/** Every row with this code: a unit's versions over time (moves, renames), oldest first. */
export async function findUnitsByCode(db: Db, code: string): Promise<Unit[]> {
  return db.selectFrom("units").selectAll().where("code", "=", code).orderBy("id").execute();
}

/** Units without a parent (the provinces of an installation). */
export async function listRootUnits(db: Db): Promise<Unit[]> {
  return db.selectFrom("units").selectAll().where("parent_id", "is", null).orderBy("code").orderBy("id").execute();
}

/** The rows of the given units and everything below them. */
export async function subtreeUnits(db: Db, rootIds: readonly number[]): Promise<Unit[]> {
  if (rootIds.length === 0) return [];
  return db
    .withRecursive("subtree(id)", (qb) =>
      qb
        .selectFrom("units")
        .select("id")
        .where("id", "in", rootIds)
        .union((q) => q.selectFrom("units").innerJoin("subtree", "subtree.id", "units.parent_id").select("units.id"))
    )
    .selectFrom("units")
    .innerJoin("subtree", "subtree.id", "units.id")
    .selectAll("units")
    .orderBy("units.code")
    .orderBy("units.id")
    .execute();
}

export async function updateUnit(
  db: Db,
  id: number,
  patch: Partial<Pick<Unit, "name" | "parent_id" | "valid_from" | "valid_to">>
): Promise<Unit> {
  if (patch.name === undefined) {
    return db.updateTable("units").set(patch).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
  }
  const { code } = await db.selectFrom("units").select("code").where("id", "=", id).executeTakeFirstOrThrow();
  return db
    .updateTable("units")
    .set({ ...patch, search_key: searchKey(patch.name, code) })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function countActiveDesksOfUnit(db: Db, unitId: number): Promise<number> {
  const row = await db
    .selectFrom("desks")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("unit_id", "=", unitId)
    .where("active", "=", 1)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Re-parents the children of a unit row that are still valid on or after `date` (those ended before stay). */
export async function moveChildrenFrom(
  db: Db,
  fromParentId: number,
  toParentId: number,
  date: string
): Promise<number> {
  const rows = await db
    .updateTable("units")
    .set({ parent_id: toParentId })
    .where("parent_id", "=", fromParentId)
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", date)]))
    .returning("id")
    .execute();
  return rows.length;
}
