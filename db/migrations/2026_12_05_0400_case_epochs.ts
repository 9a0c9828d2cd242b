/**
 * A counter per month of the harassment cases (issue 18, ADR 063): raised in
 * the same transaction as every change to a case opened in that month
 * (opening, handling, suspect or counted), so the report's case rows over
 * months whose counters have not moved can be served from memory, in any
 * process that reads the counters. Frozen once shipped.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("case_epochs")
    .addColumn("month", "text", (c) => c.primaryKey())
    .addColumn("epoch", "integer", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("case_epochs").ifExists().execute();
}
