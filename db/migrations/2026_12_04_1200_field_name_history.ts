/**
 * A procedure field keeps the names it had before: the 2025 merger of
 * ministries (Nghị quyết 176/2025/QH15) renamed several fields, and a report
 * over an earlier period names a field as it was then. One row per former
 * name, with the last day it was used. Frozen once shipped.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("procedure_field_names")
    .addColumn("field_code", "text", (c) => c.notNull())
    .addColumn("valid_to", "text", (c) => c.notNull())
    .addColumn("name_vi", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("procedure_field_names_pk", ["field_code", "valid_to"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("procedure_field_names").ifExists().execute();
}
