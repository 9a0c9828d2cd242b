/**
 * Dossiers (hồ sơ) as the one-stop system reports them, the systems allowed to
 * report them, every event they sent (kept, so replays are recognised and a
 * «returned» that arrives before its «received» waits for it), and each
 * response's channel and dossier. Frozen once shipped.
 */
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (c: ColumnDefinitionBuilder) =>
    isPostgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();

  await db.schema
    .createTable("systems")
    .addColumn("id", "integer", id)
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text")
    .addColumn("revoked_at", "text")
    .execute();

  await db.schema
    .createTable("dossiers")
    .addColumn("id", "integer", id)
    // Normalised code, unique per installation.
    .addColumn("code", "text", (c) => c.notNull().unique())
    // Null until the «received» event arrives (a «returned» may come first).
    .addColumn("desk_id", "integer", (c) => c.references("desks.id"))
    .addColumn("unit_id", "integer", (c) => c.references("units.id"))
    .addColumn("field_code", "text")
    .addColumn("officer_code", "text")
    .addColumn("received_at", "text")
    .addColumn("due_at", "text")
    .addColumn("ended_at", "text")
    .addColumn("end_kind", "text", (c) => c.check(sql`end_kind in ('returned', 'withdrawn', 'cancelled')`))
    // The link printed on the receipt: random, unguessable, stable for the dossier's life.
    .addColumn("evaluation_token", "text", (c) => c.notNull().unique())
    // The one counted evaluation of this dossier, from whichever channel came first.
    .addColumn("evaluation_response_id", "text", (c) => c.unique().references("responses.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("dossiers_unit_received_idx")
    .on("dossiers")
    .columns(["unit_id", "received_at"])
    .execute();
  await db.schema.createIndex("dossiers_unit_ended_idx").on("dossiers").columns(["unit_id", "ended_at"]).execute();

  await db.schema
    .createTable("dossier_events")
    .addColumn("id", "integer", id)
    .addColumn("system_id", "integer", (c) => c.notNull().references("systems.id"))
    .addColumn("dossier_code", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) =>
      c.notNull().check(sql`type in ('received', 'returned', 'withdrawn', 'cancelled')`)
    )
    .addColumn("occurred_at", "text", (c) => c.notNull())
    // The event as sent (normalised JSON), to tell a replay from a conflicting one.
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("recorded_at", "text", (c) => c.notNull())
    // Applied to the dossier row; a «returned» before its «received» waits unapplied.
    .addColumn("applied", "integer", (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint("dossier_events_unique", ["dossier_code", "type", "occurred_at"])
    .execute();

  await db.schema
    .alterTable("responses")
    .addColumn("channel", "text", (c) =>
      c
        .notNull()
        .defaultTo("kiosk")
        .check(sql`channel in ('kiosk', 'phone')`)
    )
    .execute();
  await db.schema
    .alterTable("responses")
    .addColumn("dossier_id", "integer", (c) => c.references("dossiers.id"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("responses").dropColumn("dossier_id").execute();
  await db.schema.alterTable("responses").dropColumn("channel").execute();
  for (const table of ["dossier_events", "dossiers", "systems"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
