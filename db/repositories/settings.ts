import type { Kysely } from "kysely";
import type { Database, Target } from "../schema";

type Db = Kysely<Database>;

/** app_settings keys. */
export const SETTING_KEYS = {
  /** The province's name as report headers print it ("UBND TỈNH …"); falls back to the province unit's name. */
  provinceName: "province_name",
} as const;

export async function findTargets(db: Db, year: number): Promise<Target | undefined> {
  return db.selectFrom("targets").selectAll().where("year", "=", year).executeTakeFirst();
}

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom("app_settings").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value;
}

export async function setSetting(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto("app_settings")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
    .execute();
}

export async function listTargets(db: Db): Promise<Target[]> {
  return db.selectFrom("targets").selectAll().orderBy("year", "desc").execute();
}

export async function upsertTargets(db: Db, target: Target): Promise<void> {
  const { year, ...values } = target;
  await db
    .insertInto("targets")
    .values(target)
    .onConflict((oc) => oc.column("year").doUpdateSet(values))
    .execute();
}
