/**
 * Reports of one province or commune at national size (issue 18). The rollup
 * grains are keyed by their period first, so a report restricted to a
 * scope's units read every desk's rows of the period and kept its own: on the
 * national bench (6,642 desks, a year), a commune's year read ~1 M month and
 * day rows per section and took ~1 s, a province's ~1.8 s. An index by unit
 * and period on each grain a scope filters by unit, and one by officer and
 * day on the officer rollup (reached from the scope's desks through their
 * officers), let those reports read their own rows only. Frozen once shipped.
 */
import type { Kysely } from "kysely";

const MONTH_GRAINS = ["rollup_month", "rollup_month_field", "rollup_month_hour", "rollup_month_channel"];
const DAY_GRAINS = ["rollup_day", "rollup_day_field", "rollup_day_hour", "rollup_day_channel"];

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of MONTH_GRAINS) {
    await db.schema.createIndex(`${table}_unit_idx`).on(table).columns(["unit_id", "month"]).execute();
  }
  for (const table of DAY_GRAINS) {
    await db.schema.createIndex(`${table}_unit_idx`).on(table).columns(["unit_id", "local_date"]).execute();
  }
  await db.schema
    .createIndex("rollup_day_officer_officer_idx")
    .on("rollup_day_officer")
    .columns(["officer_id", "local_date"])
    .execute();
  await db.schema.createIndex("officers_desk_idx").on("officers").column("desk_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("officers_desk_idx").ifExists().execute();
  await db.schema.dropIndex("rollup_day_officer_officer_idx").ifExists().execute();
  for (const table of [...MONTH_GRAINS, ...DAY_GRAINS])
    await db.schema.dropIndex(`${table}_unit_idx`).ifExists().execute();
}
