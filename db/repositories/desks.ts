import type { ExpressionBuilder, Kysely } from "kysely";
import { raiseDirectoryEpoch } from "./rollup-cache";
import { searchKey } from "~/utils/search-key";
import type { Database, DeskRow, Flag, UnitLevel } from "../schema";

type Db = Kysely<Database>;

/** A one-stop desk (quầy) of a unit. */
export interface Desk {
  id: number;
  code: string;
  name: string;
  unitId: number;
  active: Flag;
  createdAt: string;
}

export type NewDesk = Pick<Desk, "code" | "name" | "unitId" | "createdAt"> & Partial<Pick<Desk, "active">>;

function toDesk(r: DeskRow): Desk {
  return { id: r.id, code: r.code, name: r.name, unitId: r.unit_id, active: r.active, createdAt: r.created_at };
}

export async function insertDesk(db: Db, desk: NewDesk): Promise<Desk> {
  const row = await db
    .insertInto("desks")
    .values({
      code: desk.code,
      name: desk.name,
      unit_id: desk.unitId,
      active: desk.active,
      created_at: desk.createdAt,
      search_key: searchKey(desk.name, desk.code),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await raiseDirectoryEpoch(db, "desks");
  return toDesk(row);
}

export async function findDeskByCode(db: Db, code: string): Promise<Desk | undefined> {
  const row = await db.selectFrom("desks").selectAll().where("code", "=", code).executeTakeFirst();
  return row && toDesk(row);
}

export async function findDeskById(db: Db, id: number): Promise<Desk | undefined> {
  const row = await db.selectFrom("desks").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toDesk(row);
}

export async function updateDesk(db: Db, id: number, patch: Partial<Pick<Desk, "name" | "active">>): Promise<Desk> {
  // A new name changes the search key (the code never changes).
  const code =
    patch.name === undefined
      ? undefined
      : (await db.selectFrom("desks").select("code").where("id", "=", id).executeTakeFirstOrThrow()).code;
  const row = await db
    .updateTable("desks")
    .set({
      name: patch.name,
      active: patch.active,
      ...(patch.name !== undefined && code !== undefined ? { search_key: searchKey(patch.name, code) } : {}),
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await raiseDirectoryEpoch(db, "desks");
  return toDesk(row);
}

export interface DeskListing {
  id: number;
  code: string;
  name: string;
  active: number;
  unitId: number;
  unitCode: string;
  unitName: string;
  unitLevel: UnitLevel;
  /** Tablets at the desk that are not revoked. */
  devices: number;
}

/** A DeskListing's columns, on desks joined to their units; `devices`, a count to read with Number(). */
export function deskListingColumns(eb: ExpressionBuilder<Database, "desks" | "units">) {
  return [
    "desks.id",
    "desks.code",
    "desks.name",
    "desks.active",
    "desks.unit_id as unitId",
    "units.code as unitCode",
    "units.name as unitName",
    "units.level as unitLevel",
    eb
      .selectFrom("devices")
      .select(eb.fn.countAll<number>().as("n"))
      .whereRef("devices.desk_id", "=", "desks.id")
      .where("devices.revoked_at", "is", null)
      .as("devices"),
  ] as const;
}

/** Desks with their unit, optionally only those of some units (a scope). */
export async function listDesks(db: Db, filter: { unitIds?: readonly number[] } = {}): Promise<DeskListing[]> {
  if (filter.unitIds?.length === 0) return [];
  let q = db.selectFrom("desks").innerJoin("units", "units.id", "desks.unit_id").select(deskListingColumns);
  if (filter.unitIds) q = q.where("desks.unit_id", "in", filter.unitIds);
  const rows = await q.orderBy("units.code").orderBy("desks.code").execute();
  return rows.map((r) => ({ ...r, devices: Number(r.devices ?? 0) }));
}

/** Desks at the given units, and desks with the given ids (a desk may have moved since its responses). */
export async function findDesks(
  db: Db,
  filter: { unitIds?: readonly number[]; ids?: readonly number[] }
): Promise<Desk[]> {
  const unitIds = filter.unitIds ?? [];
  const ids = filter.ids ?? [];
  if (unitIds.length === 0 && ids.length === 0) return [];
  const rows = await db
    .selectFrom("desks")
    .selectAll()
    .where((eb) =>
      eb.or([...(unitIds.length ? [eb("unit_id", "in", unitIds)] : []), ...(ids.length ? [eb("id", "in", ids)] : [])])
    )
    .orderBy("code")
    .execute();
  return rows.map(toDesk);
}

/** Moves every desk of a unit row to another (a unit's new version takes over its desks). */
export async function moveDesksToUnit(db: Db, fromUnitId: number, toUnitId: number): Promise<number> {
  const rows = await db
    .updateTable("desks")
    .set({ unit_id: toUnitId })
    .where("unit_id", "=", fromUnitId)
    .returning("id")
    .execute();
  await raiseDirectoryEpoch(db, "desks");
  return rows.length;
}
