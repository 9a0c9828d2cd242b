/**
 * Alerts for harassment cases: the scheduler's lease (one runner per
 * installation), the cursor over case_events already turned into alerts,
 * the alert messages (email, or in the app only), webhooks and their
 * deliveries with every attempt. Frozen once shipped.
 */
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (c: ColumnDefinitionBuilder) =>
    isPostgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();

  // A job runs only in the process holding its lease until `until` (ISO time).
  await db.schema
    .createTable("job_leases")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("holder", "text", (c) => c.notNull())
    .addColumn("until", "text", (c) => c.notNull())
    .execute();

  // How far a feed has been read (case_events.id).
  await db.schema
    .createTable("job_cursors")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("last_id", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("alert_messages")
    .addColumn("id", "integer", id)
    .addColumn("case_event_id", "integer", (c) => c.notNull().references("case_events.id"))
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("to_address", "text")
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    // pending → sent | failed; in_app: shown in the app only (no SMTP, or no address)
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  // One message per event and recipient, whoever dispatches it and however often.
  await db.schema
    .createIndex("alert_messages_event_user_idx")
    .on("alert_messages")
    .columns(["case_event_id", "user_id"])
    .unique()
    .execute();
  await db.schema
    .createIndex("alert_messages_status_idx")
    .on("alert_messages")
    .columns(["status", "next_attempt_at"])
    .execute();
  await db.schema.createIndex("alert_messages_user_idx").on("alert_messages").columns(["user_id", "id"]).execute();

  await db.schema
    .createTable("webhooks")
    .addColumn("id", "integer", id)
    .addColumn("url", "text", (c) => c.notNull())
    // Comma-separated event names (case.opened, …).
    .addColumn("events", "text", (c) => c.notNull())
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("webhook_deliveries")
    // The X-HaiLong-Delivery id (UUID).
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("webhook_id", "integer", (c) => c.notNull().references("webhooks.id"))
    // Null for a test delivery.
    .addColumn("case_event_id", "integer", (c) => c.references("case_events.id"))
    .addColumn("event", "text", (c) => c.notNull())
    // The exact bytes signed and sent, the same on every attempt.
    .addColumn("payload", "text", (c) => c.notNull())
    // pending → delivered | failed
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("delivered_at", "text")
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_hook_event_idx")
    .on("webhook_deliveries")
    .columns(["webhook_id", "case_event_id"])
    .unique()
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_status_idx")
    .on("webhook_deliveries")
    .columns(["status", "next_attempt_at"])
    .execute();

  await db.schema
    .createTable("webhook_attempts")
    .addColumn("id", "integer", id)
    .addColumn("delivery_id", "text", (c) => c.notNull().references("webhook_deliveries.id"))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("error", "text")
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_attempts_delivery_idx")
    .on("webhook_attempts")
    .columns(["delivery_id", "id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "webhook_attempts",
    "webhook_deliveries",
    "webhooks",
    "alert_messages",
    "job_cursors",
    "job_leases",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
