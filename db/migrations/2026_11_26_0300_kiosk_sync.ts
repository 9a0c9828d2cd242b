/**
 * Kiosk sync (issue 5): what each tablet last reported about its outbox, and
 * the spam rule's flag reason and a manager's review on responses.
 * Frozen once shipped; runs unchanged on SQLite and PostgreSQL.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // The device status: sent by the kiosk on each sync and every minute.
  for (const [column, type, notNull] of [
    ["status_at", "text", false],
    ["pending_count", "integer", true],
    ["oldest_pending_at", "text", false],
    ["app_version", "text", false],
    ["held_count", "integer", true],
    ["held_items", "text", false],
  ] as const) {
    await db.schema
      .alterTable("devices")
      .addColumn(column, type, (c) => (notNull ? c.notNull().defaultTo(0) : c))
      .execute();
  }

  // Why the spam rule flagged a response ('interval' | 'burst'), and a manager's decision ('accepted' | 'kept').
  await db.schema
    .alterTable("responses")
    .addColumn("suspect_reason", "text", (c) => c.check(sql`suspect_reason in ('interval', 'burst')`))
    .execute();
  await db.schema
    .alterTable("responses")
    .addColumn("suspect_review", "text", (c) => c.check(sql`suspect_review in ('accepted', 'kept')`))
    .execute();
  await db.schema
    .createIndex("responses_flagged_idx")
    .on("responses")
    .columns(["unit_id", "effective_at"])
    .where(sql.ref("suspect_reason"), "is not", null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("responses_flagged_idx").ifExists().execute();
  for (const column of ["suspect_review", "suspect_reason"]) {
    await db.schema.alterTable("responses").dropColumn(column).execute();
  }
  for (const column of ["held_items", "held_count", "app_version", "oldest_pending_at", "pending_count", "status_at"]) {
    await db.schema.alterTable("devices").dropColumn(column).execute();
  }
}
