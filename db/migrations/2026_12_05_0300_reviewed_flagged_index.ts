/**
 * The list of reviewed flagged answers (issue 18): the reviews of a national
 * year (~9,000) were found through the index of every flagged answer, each
 * read from the table to learn whether it had been reviewed (~100 ms a page).
 * A partial index of the reviewed ones, beside the pending ones'
 * (2026_12_04_2210). Frozen once shipped.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index responses_reviewed_flagged_idx on responses (effective_at)
    where suspect_reason is not null and suspect_review is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists responses_reviewed_flagged_idx`.execute(db);
}
