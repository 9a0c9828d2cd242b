/**
 * Initial schema. Frozen: never edit a migration that has shipped; add a new one.
 * Runs unchanged on SQLite and PostgreSQL (see db/schema.ts for conventions).
 */
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (c: ColumnDefinitionBuilder) =>
    isPostgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();

  await db.schema
    .createTable("units")
    .addColumn("id", "integer", id)
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("level", "text", (c) => c.notNull().check(sql`level in ('province', 'district', 'commune')`))
    .addColumn("parent_id", "integer", (c) => c.references("units.id"))
    .addColumn("valid_from", "text")
    .addColumn("valid_to", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("units_parent_idx").on("units").column("parent_id").execute();
  await db.schema.createIndex("units_code_idx").on("units").column("code").execute();

  await db.schema
    .createTable("desks")
    .addColumn("id", "integer", id)
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("unit_id", "integer", (c) => c.notNull().references("units.id"))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("desks_unit_idx").on("desks").column("unit_id").execute();

  await db.schema
    .createTable("devices")
    .addColumn("id", "integer", id)
    .addColumn("desk_id", "integer", (c) => c.notNull().references("desks.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("pairing_code_hash", "text")
    .addColumn("pairing_expires_at", "text")
    .addColumn("last_seen_at", "text")
    .addColumn("revoked_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("devices_desk_idx").on("devices").column("desk_id").execute();

  await db.schema
    .createTable("procedure_fields")
    .addColumn("id", "integer", id)
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name_vi", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("sort_order", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("questionnaires")
    .addColumn("id", "integer", id)
    .addColumn("version", "integer", (c) => c.notNull().unique())
    .addColumn("definition", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("activated_at", "text")
    .execute();

  await db.schema
    .createTable("responses")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("device_id", "integer", (c) => c.references("devices.id"))
    .addColumn("desk_id", "integer", (c) => c.notNull().references("desks.id"))
    .addColumn("unit_id", "integer", (c) => c.notNull().references("units.id"))
    .addColumn("unit_level", "text", (c) => c.notNull())
    .addColumn("questionnaire_version", "integer", (c) => c.notNull())
    .addColumn("rating", "text", (c) =>
      c.notNull().check(sql`rating in ('very_satisfied', 'satisfied', 'neutral', 'dissatisfied')`)
    )
    .addColumn("reasons", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("harassment", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("field_code", "text")
    .addColumn("dossier_code", "text")
    .addColumn("on_time", "integer")
    .addColumn("comment", "text")
    .addColumn("language", "text", (c) => c.notNull().defaultTo("vi"))
    .addColumn("answers", "text")
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addColumn("received_at", "text", (c) => c.notNull())
    .addColumn("effective_at", "text", (c) => c.notNull())
    .addColumn("local_date", "text", (c) => c.notNull())
    .addColumn("local_hour", "integer", (c) => c.notNull())
    .addColumn("clock_corrected", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("suspect", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("content_hash", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("responses_device_time_idx")
    .on("responses")
    .columns(["device_id", "effective_at"])
    .execute();
  await db.schema.createIndex("responses_desk_date_idx").on("responses").columns(["desk_id", "local_date"]).execute();

  for (const [table, extra] of [
    ["rollup_day", []],
    ["rollup_day_field", ["field_code"]],
    ["rollup_day_hour", ["local_hour"]],
  ] as const) {
    let builder = db.schema
      .createTable(table)
      .addColumn("local_date", "text", (c) => c.notNull())
      .addColumn("desk_id", "integer", (c) => c.notNull())
      .addColumn("unit_id", "integer", (c) => c.notNull())
      .addColumn("unit_level", "text", (c) => c.notNull());
    for (const column of extra) {
      builder = builder.addColumn(column, column === "local_hour" ? "integer" : "text", (c) => c.notNull());
    }
    for (const count of [
      "total",
      "very_satisfied",
      "satisfied",
      "neutral",
      "dissatisfied",
      "harassment",
      "on_time_yes",
      "on_time_answered",
      "suspect",
    ]) {
      builder = builder.addColumn(count, "integer", (c) => c.notNull().defaultTo(0));
    }
    await builder
      // The builder's column types don't follow the loop above; the names are right.
      .addPrimaryKeyConstraint(`${table}_pk`, ["local_date", "desk_id", "unit_id", "unit_level", ...extra] as never)
      .execute();
  }

  await db.schema
    .createTable("users")
    .addColumn("id", "integer", id)
    .addColumn("username", "text", (c) => c.notNull().unique())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('admin', 'manager', 'viewer')`))
    .addColumn("unit_id", "integer", (c) => c.references("units.id"))
    .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("password_changed_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("targets")
    .addColumn("year", "integer", (c) => c.primaryKey())
    .addColumn("satisfaction", "double precision", (c) => c.notNull())
    .addColumn("harassment", "double precision", (c) => c.notNull())
    .addColumn("on_time", "double precision", (c) => c.notNull())
    .addColumn("min_sample", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("app_settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "integer", id)
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("user_id", "integer")
    .addColumn("username", "text", (c) => c.notNull())
    .addColumn("unit_id", "integer")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("entity_id", "text")
    .addColumn("before", "text")
    .addColumn("after", "text")
    .execute();
  await db.schema.createIndex("audit_log_at_idx").on("audit_log").column("at").execute();
  await db.schema.createIndex("audit_log_unit_idx").on("audit_log").column("unit_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "audit_log",
    "app_settings",
    "targets",
    "sessions",
    "users",
    "rollup_day_hour",
    "rollup_day_field",
    "rollup_day",
    "responses",
    "questionnaires",
    "procedure_fields",
    "devices",
    "desks",
    "units",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
