import type { Kysely } from "kysely";
import type { AuditEntry, Database, NewAuditEntry } from "../schema";

type Db = Kysely<Database>;

/** Appends an audit entry. The app never updates or deletes entries. */
export async function insertAuditEntry(db: Db, entry: NewAuditEntry): Promise<void> {
  await db.insertInto("audit_log").values(entry).execute();
}

export async function listAuditEntries(
  db: Db,
  filter: { unitIds?: readonly number[]; limit?: number } = {}
): Promise<AuditEntry[]> {
  let q = db
    .selectFrom("audit_log")
    .selectAll()
    .orderBy("id", "desc")
    .limit(filter.limit ?? 200);
  if (filter.unitIds) {
    if (filter.unitIds.length === 0) return [];
    q = q.where("unit_id", "in", filter.unitIds);
  }
  return q.execute();
}
