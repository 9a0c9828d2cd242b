/**
 * Targets name the resolution that set them, and the province's baselines
 * (the measured figures of past years a resolution compares against) are
 * data per year instead of constants in the code. Nothing is seeded: a report
 * prints a resolution or a baseline only when an administrator has entered
 * it. Frozen once shipped.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("targets").addColumn("resolution", "text").execute();
  await db.schema
    .createTable("baselines")
    .addColumn("year", "integer", (c) => c.primaryKey())
    .addColumn("satisfaction", "double precision", (c) => c.notNull())
    .addColumn("harassment", "double precision", (c) => c.notNull())
    .addColumn("on_time", "double precision")
    .addColumn("source", "text")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("baselines").ifExists().execute();
  await db.schema.alterTable("targets").dropColumn("resolution").execute();
}
