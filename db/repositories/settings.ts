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

/** The stored values of these keys (absent keys are left out). */
export async function getSettings(db: Db, keys: readonly string[]): Promise<Record<string, string>> {
  if (keys.length === 0) return {};
  const rows = await db.selectFrom("app_settings").select(["key", "value"]).where("key", "in", keys).execute();
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export async function setSetting(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto("app_settings")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
    .execute();
}
