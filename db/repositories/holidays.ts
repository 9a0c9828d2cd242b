/** Public holidays that case deadlines skip (app/domain/working-days.ts), kept by administrators. */
import type { Kysely } from "kysely";
import type { Database, HolidayTable } from "../schema";

type Db = Kysely<Database>;

/** Set once the first list has been seeded, so a list an administrator emptied stays empty. */
const SEEDED_KEY = "holidays_seeded";

export async function listHolidays(db: Db, range: { from?: string; to?: string } = {}): Promise<HolidayTable[]> {
  let q = db.selectFrom("holidays").selectAll().orderBy("date");
  if (range.from) q = q.where("date", ">=", range.from);
  if (range.to) q = q.where("date", "<=", range.to);
  return q.execute();
}

/** The holiday dates from `from` to `to` (both included). */
export async function holidayDates(db: Db, from: string, to: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom("holidays")
    .select("date")
    .where("date", ">=", from)
    .where("date", "<=", to)
    .execute();
  return new Set(rows.map((r) => r.date));
}

export async function findHoliday(db: Db, date: string): Promise<HolidayTable | undefined> {
  return db.selectFrom("holidays").selectAll().where("date", "=", date).executeTakeFirst();
}

/** Adds or renames a holiday; returns the row before the change, if any. */
export async function upsertHoliday(db: Db, holiday: HolidayTable): Promise<void> {
  await db
    .insertInto("holidays")
    .values(holiday)
    .onConflict((oc) => oc.column("date").doUpdateSet({ name: holiday.name }))
    .execute();
}

export async function deleteHoliday(db: Db, date: string): Promise<boolean> {
  const result = await db.deleteFrom("holidays").where("date", "=", date).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Seeds `holidays` into an installation that never had a list (first start,
 * or a database from before cases); returns whether it did. Administrators
 * change the list afterwards; it is never seeded again.
 */
export async function seedHolidaysOnce(db: Db, holidays: readonly HolidayTable[]): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const seeded = await trx
      .selectFrom("app_settings")
      .select("value")
      .where("key", "=", SEEDED_KEY)
      .executeTakeFirst();
    if (seeded) return false;
    const any = await trx.selectFrom("holidays").select("date").limit(1).executeTakeFirst();
    if (!any && holidays.length > 0)
      await trx
        .insertInto("holidays")
        .values([...holidays])
        .execute();
    await trx
      .insertInto("app_settings")
      .values({ key: SEEDED_KEY, value: "1" })
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
    return !any;
  });
}
