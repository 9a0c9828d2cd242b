import type { Kysely } from "kysely";
import { cachedDirectoryRows, raiseDirectoryEpoch } from "./rollup-cache";
import { searchKey } from "~/utils/search-key";
import type { TreeUnit } from "~/domain/units";
import type { Database, UnitRow } from "../schema";

type Db = Kysely<Database>;

/** A unit row as the app reads it: one version of a unit, with its parent row and validity. */
export interface Unit extends TreeUnit {
  createdAt: string;
}

/** A new unit row; a period left out is open-ended, a parent left out makes it a root. */
export type NewUnit = Pick<Unit, "code" | "name" | "level" | "createdAt"> &
  Partial<Pick<Unit, "parentId" | "validFrom" | "validTo">>;

export type UnitPatch = Partial<Pick<Unit, "name" | "parentId" | "validFrom" | "validTo">>;

function toUnit(r: UnitRow): Unit {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    level: r.level,
    parentId: r.parent_id,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    createdAt: r.created_at,
  };
}

export async function insertUnit(db: Db, unit: NewUnit): Promise<Unit> {
  const row = await db
    .insertInto("units")
    .values({
      code: unit.code,
      name: unit.name,
      level: unit.level,
      parent_id: unit.parentId ?? null,
      valid_from: unit.validFrom ?? null,
      valid_to: unit.validTo ?? null,
      created_at: unit.createdAt,
      search_key: searchKey(unit.name, unit.code),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await raiseDirectoryEpoch(db, "units");
  return toUnit(row);
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
  const row = rows.find((u) => u.valid_to === null) ?? rows[0];
  return row && toUnit(row);
}

export async function findUnitById(db: Db, id: number): Promise<Unit | undefined> {
  const row = await db.selectFrom("units").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toUnit(row);
}

export async function listUnits(db: Db): Promise<Unit[]> {
  const rows = await db.selectFrom("units").selectAll().orderBy("code").execute();
  return rows.map(toUnit);
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
  const rows = await db.selectFrom("units").selectAll().where("code", "=", code).orderBy("id").execute();
  return rows.map(toUnit);
}

/** Units without a parent (the provinces of an installation). */
export async function listRootUnits(db: Db): Promise<Unit[]> {
  const rows = await db
    .selectFrom("units")
    .selectAll()
    .where("parent_id", "is", null)
    .orderBy("code")
    .orderBy("id")
    .execute();
  return rows.map(toUnit);
}

/** The rows of the given units and everything below them. */
export async function subtreeUnits(db: Db, rootIds: readonly number[]): Promise<readonly Unit[]> {
  if (rootIds.length === 0) return [];
  // Kept while no unit changes: a country's tree is ~3,400 rows, read on every report.
  return cachedDirectoryRows(db, `subtree of ${rootIds.join(",")}`, ["units"], () => readSubtree(db, rootIds));
}

async function readSubtree(db: Db, rootIds: readonly number[]): Promise<Unit[]> {
  const rows = await db
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
  return rows.map(toUnit);
}

export async function updateUnit(db: Db, id: number, patch: UnitPatch): Promise<Unit> {
  // A new name changes the search key (the code never changes).
  const code =
    patch.name === undefined
      ? undefined
      : (await db.selectFrom("units").select("code").where("id", "=", id).executeTakeFirstOrThrow()).code;
  const row = await db
    .updateTable("units")
    .set({
      name: patch.name,
      parent_id: patch.parentId,
      valid_from: patch.validFrom,
      valid_to: patch.validTo,
      ...(patch.name !== undefined && code !== undefined ? { search_key: searchKey(patch.name, code) } : {}),
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await raiseDirectoryEpoch(db, "units");
  return toUnit(row);
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
  await raiseDirectoryEpoch(db, "units");
  return rows.length;
}
