/**
 * Officers (cán bộ tiếp nhận, issue 17): who serves at which desk (moves keep
 * their history), who is on duty at a desk's tablet, each response's officer,
 * and a rollup of the counts per officer and day (filled in the ingest
 * transaction like the other rollups; ADR 004, ADR 056). Frozen once shipped.
 */
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter } from "kysely";

const COUNTS = [
  "total",
  "very_satisfied",
  "satisfied",
  "neutral",
  "dissatisfied",
  "harassment",
  "on_time_yes",
  "on_time_answered",
  "suspect",
];

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (c: ColumnDefinitionBuilder) =>
    isPostgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();

  await db.schema
    .createTable("officers")
    .addColumn("id", "integer", id)
    // The one-stop system's code for the officer, unique per installation.
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    // The desk of the current (or, once deactivated, the last) assignment: the officer's unit scope.
    .addColumn("desk_id", "integer", (c) => c.notNull().references("desks.id"))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    // scrypt hash of the duty PIN; null: cannot sign in at a tablet.
    .addColumn("pin_hash", "text")
    // Wrong PINs in a row, and until when the PIN is refused after too many.
    .addColumn("pin_failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("pin_locked_until", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("deactivated_at", "text")
    .execute();

  await db.schema
    .createTable("officer_assignments")
    .addColumn("id", "integer", id)
    .addColumn("officer_id", "integer", (c) => c.notNull().references("officers.id"))
    .addColumn("desk_id", "integer", (c) => c.notNull().references("desks.id"))
    .addColumn("active_from", "text", (c) => c.notNull())
    // Null while the officer still serves at this desk.
    .addColumn("active_to", "text")
    .execute();
  await db.schema
    .createIndex("officer_assignments_officer_idx")
    .on("officer_assignments")
    .columns(["officer_id", "active_from"])
    .execute();

  await db.schema
    .createTable("officer_duties")
    .addColumn("id", "integer", id)
    .addColumn("officer_id", "integer", (c) => c.notNull().references("officers.id"))
    .addColumn("desk_id", "integer", (c) => c.notNull().references("desks.id"))
    // The tablet the officer signed in from.
    .addColumn("device_id", "integer", (c) => c.references("devices.id"))
    .addColumn("started_at", "text", (c) => c.notNull())
    // started_at + 8 hours, or earlier: when the officer signed out or another signed in at the desk.
    .addColumn("ends_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("officer_duties_desk_idx")
    .on("officer_duties")
    .columns(["desk_id", "started_at"])
    .execute();

  await db.schema
    .alterTable("responses")
    .addColumn("officer_id", "integer", (c) => c.references("officers.id"))
    .execute();

  let rollup = db.schema
    .createTable("rollup_day_officer")
    .addColumn("local_date", "text", (c) => c.notNull())
    .addColumn("officer_id", "integer", (c) => c.notNull())
    .addColumn("unit_id", "integer", (c) => c.notNull());
  for (const count of COUNTS) rollup = rollup.addColumn(count, "integer", (c) => c.notNull().defaultTo(0));
  await rollup.addPrimaryKeyConstraint("rollup_day_officer_pk", ["local_date", "officer_id", "unit_id"]).execute();
  // No backfill: no response had an officer before this migration.
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rollup_day_officer").ifExists().execute();
  await db.schema.alterTable("responses").dropColumn("officer_id").execute();
  for (const table of ["officer_duties", "officer_assignments", "officers"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
