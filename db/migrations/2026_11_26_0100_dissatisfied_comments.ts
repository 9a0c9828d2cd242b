/**
 * Reports list what dissatisfied citizens wrote, newest first. A partial index
 * holds only those responses (a small share of all), so the list reads a few
 * index entries instead of scanning responses. Frozen once shipped.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index responses_dissatisfied_comments_idx on responses (effective_at)
    where rating = 'dissatisfied' and comment is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists responses_dissatisfied_comments_idx`.execute(db);
}
