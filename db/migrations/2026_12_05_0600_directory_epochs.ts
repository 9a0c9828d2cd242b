/**
 * A counter per directory table (units, desks, officers), raised in the same
 * transaction as every change to that table's rows, so the unit tree and the
 * officer list a report reads can be served from memory while the counters
 * stand still, in any process that reads them (issue 18, ADR 063 addendum).
 * Frozen once shipped.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("directory_epochs")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("epoch", "integer", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("directory_epochs").ifExists().execute();
}
