import type { Kysely } from "kysely";
import type { Database, NewUnit, Unit } from "../schema";

type Db = Kysely<Database>;

export async function insertUnit(db: Db, unit: NewUnit): Promise<Unit> {
  return db.insertInto("units").values(unit).returningAll().executeTakeFirstOrThrow();
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

/** Every version of a code (a code may be reused once the earlier unit has ended). */
export async function listUnitsByCode(db: Db, code: string): Promise<Unit[]> {
  return db.selectFrom("units").selectAll().where("code", "=", code).orderBy("id").execute();
}

export async function updateUnit(
  db: Db,
  id: number,
  patch: Partial<Pick<Unit, "name" | "parent_id" | "valid_from" | "valid_to">>
): Promise<Unit> {
  return db.updateTable("units").set(patch).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
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
