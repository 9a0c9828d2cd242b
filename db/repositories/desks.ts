import type { Kysely } from "kysely";
import type { Database, Desk, NewDesk } from "../schema";

type Db = Kysely<Database>;

export async function insertDesk(db: Db, desk: NewDesk): Promise<Desk> {
  return db.insertInto("desks").values(desk).returningAll().executeTakeFirstOrThrow();
}

export async function findDeskByCode(db: Db, code: string): Promise<Desk | undefined> {
  return db.selectFrom("desks").selectAll().where("code", "=", code).executeTakeFirst();
}

export interface DeskListing {
  id: number;
  code: string;
  name: string;
  active: number;
  unit_code: string;
  unit_name: string;
  unit_level: string;
}

export async function listDesks(db: Db): Promise<DeskListing[]> {
  return db
    .selectFrom("desks")
    .innerJoin("units", "units.id", "desks.unit_id")
    .select([
      "desks.id",
      "desks.code",
      "desks.name",
      "desks.active",
      "units.code as unit_code",
      "units.name as unit_name",
      "units.level as unit_level",
    ])
    .orderBy("units.code")
    .orderBy("desks.code")
    .execute();
}

/** Desks at the given units, and desks with the given ids (a desk may have moved since its responses). */
export async function findDesks(
  db: Db,
  filter: { unitIds?: readonly number[]; ids?: readonly number[] }
): Promise<Desk[]> {
  const unitIds = filter.unitIds ?? [];
  const ids = filter.ids ?? [];
  if (unitIds.length === 0 && ids.length === 0) return [];
  return db
    .selectFrom("desks")
    .selectAll()
    .where((eb) =>
      eb.or([...(unitIds.length ? [eb("unit_id", "in", unitIds)] : []), ...(ids.length ? [eb("id", "in", ids)] : [])])
    )
    .orderBy("code")
    .execute();
}
