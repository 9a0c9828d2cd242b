/**
 * Who signs a unit's report and how (Nghị định 30/2020/NĐ-CP): the issuing
 * body's form, the number's suffix, the signing authority (TM./KT./Q./TL./TUQ.),
 * the signer's title and name, and the «Nơi nhận» list. One row per unit code,
 * so a unit's later versions keep their signer. Nothing is seeded: a report
 * without a row uses the defaults of its level. Frozen once shipped.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("report_signers")
    .addColumn("unit_code", "text", (c) => c.primaryKey())
    .addColumn("issuer_kind", "text")
    .addColumn("issuer_name", "text")
    .addColumn("number_suffix", "text")
    .addColumn("authority", "text")
    .addColumn("principal", "text")
    .addColumn("signer_title", "text")
    .addColumn("signer_name", "text")
    .addColumn("recipients", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("report_signers").ifExists().execute();
}
