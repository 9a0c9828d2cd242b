/**
 * responses_desk_date_idx (desk_id, local_date) served no query: reports read
 * the rollups, the rollup rebuild scans the whole table. Every stored response
 * still paid for it — one more randomly placed index page written per commit,
 * about a twentieth of single-response ingest (`npm run bench`). Frozen once
 * shipped.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists responses_desk_date_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists responses_desk_date_idx on responses (desk_id, local_date)`.execute(db);
}
