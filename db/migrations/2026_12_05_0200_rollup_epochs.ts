/**
 * A counter per month of the rollups (issue 18, ADR 063): raised in the same
 * transaction as every change to that month's rollup rows, so a report's sums
 * over months whose counters have not moved can be served from memory, in
 * any process that reads the counters. Frozen once shipped.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rollup_epochs")
    .addColumn("month", "text", (c) => c.primaryKey())
    .addColumn("epoch", "integer", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rollup_epochs").ifExists().execute();
}
