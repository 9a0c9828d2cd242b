/**
 * Reports of one province or commune, and the review of flagged answers, at
 * national size (issue 18's bench: 6,642 desks, 2 M responses over a year).
 *
 * - The rollup grains are keyed by their period first, so a report restricted
 *   to a scope's units read every desk's rows of the period and kept its own:
 *   a commune's year read ~1 M month and day rows per section (~1 s), a
 *   province's ~1.8 s. An index by unit and period on each grain a scope
 *   filters by unit, and one by officer and day on the officer rollup
 *   (reached from the scope's desks through their officers), let those
 *   reports read their own rows only.
 * - A scope's dissatisfied comments walked the whole country's comments of
 *   the period newest first to find its own (~70 ms for a commune's year): a
 *   partial index by unit, with the same literal predicate as
 *   responses_dissatisfied_comments_idx (PostgreSQL matches it only so).
 * - The pending review list counted and sorted every flagged answer ever
 *   stored, reviewed or not (~90 ms at 10,000): a partial index of the pending
 *   ones only, the backlog.
 *
 * Frozen once shipped.
 */
import { type Kysely, sql } from "kysely";

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
  await sql`create index responses_unit_comments_idx on responses (unit_id, effective_at)
    where rating = 'dissatisfied' and comment is not null`.execute(db);
  await sql`create index responses_pending_review_idx on responses (effective_at)
    where suspect_reason is not null and suspect_review is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists responses_pending_review_idx`.execute(db);
  await sql`drop index if exists responses_unit_comments_idx`.execute(db);
  await db.schema.dropIndex("officers_desk_idx").ifExists().execute();
  await db.schema.dropIndex("rollup_day_officer_officer_idx").ifExists().execute();
  for (const table of [...MONTH_GRAINS, ...DAY_GRAINS])
    await db.schema.dropIndex(`${table}_unit_idx`).ifExists().execute();
}
