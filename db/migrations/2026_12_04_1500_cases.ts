/**
 * Harassment complaints become cases (phản ánh): one per counted response
 * whose reasons include harassment, with its history, the citizen's optional
 * contact kept apart from the response, the public holidays that working-day
 * deadlines skip, and an optional email address per user for alerts.
 * Frozen once shipped.
 */
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (c: ColumnDefinitionBuilder) =>
    isPostgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();

  await db.schema
    .createTable("cases")
    .addColumn("id", "integer", id)
    // One case per response: the unique key makes opening idempotent under retries and crashes.
    .addColumn("response_id", "text", (c) => c.notNull().unique().references("responses.id"))
    .addColumn("unit_id", "integer", (c) => c.notNull().references("units.id"))
    .addColumn("desk_id", "integer", (c) => c.notNull().references("desks.id"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("new")
        .check(sql`status in ('new', 'verifying', 'concluded')`)
    )
    .addColumn("assignee_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("opened_at", "text", (c) => c.notNull())
    /** Last working day to conclude, a local date (YYYY-MM-DD). */
    .addColumn("due_on", "text", (c) => c.notNull())
    .addColumn("concluded_at", "text")
    .addColumn("finding", "text", (c) => c.check(sql`finding in ('founded', 'unfounded', 'insufficient')`))
    .addColumn("measures", "text")
    .addColumn("reply", "text")
    // The response was later marked suspect: the case stays, marked.
    .addColumn("suspect", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("cases_unit_status_idx").on("cases").columns(["unit_id", "status"]).execute();
  await db.schema.createIndex("cases_status_due_idx").on("cases").columns(["status", "due_on"]).execute();

  await db.schema
    .createTable("case_events")
    .addColumn("id", "integer", id)
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    // opened, assigned, status, note, concluded, due_soon, overdue, suspect, contact_erased
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.references("users.id"))
    .addColumn("before", "text")
    .addColumn("after", "text")
    .execute();
  await db.schema.createIndex("case_events_case_idx").on("case_events").columns(["case_id", "id"]).execute();

  await db.schema
    .createTable("case_contacts")
    .addColumn("case_id", "integer", (c) => c.primaryKey().references("cases.id"))
    .addColumn("phone", "text", (c) => c.notNull())
    .addColumn("consented_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("holidays")
    .addColumn("date", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .execute();

  await db.schema.alterTable("users").addColumn("email", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("email").execute();
  for (const table of ["holidays", "case_contacts", "case_events", "cases"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
