/**
 * A table readyz writes to and rolls back (app/ops/readiness.server.ts), so
 * the "database writable" check touches no table the app keeps data in.
 * It never holds a committed row. Frozen once shipped.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("readiness_probe")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("checked_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("readiness_probe").execute();
}
