import type { Kysely } from "kysely";
import type { AuditEntry, Database, NewAuditEntry } from "../schema";

type Db = Kysely<Database>;

/** Appends an audit entry. The app never updates or deletes entries. */
export async function insertAuditEntry(db: Db, entry: NewAuditEntry): Promise<void> {
  await db.insertInto("audit_log").values(entry).execute();
}

export interface AuditFilter {
  /** Only entries about these units (a scope); entries without a unit are then left out. */
  unitIds?: readonly number[];
  entity?: string;
  entityId?: string;
  action?: string;
  username?: string;
  /** ISO instants, inclusive from, exclusive to. */
  from?: string;
  to?: string;
  /** Entries older than this id (the next page). */
  beforeId?: number;
  limit?: number;
}

/** Newest first. */
export async function listAuditEntries(db: Db, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  if (filter.unitIds?.length === 0) return [];
  let q = db
    .selectFrom("audit_log")
    .selectAll()
    .orderBy("id", "desc")
    .limit(filter.limit ?? 200);
  if (filter.unitIds) q = q.where("unit_id", "in", filter.unitIds);
  if (filter.entity) q = q.where("entity", "=", filter.entity);
  if (filter.entityId) q = q.where("entity_id", "=", filter.entityId);
  if (filter.action) q = q.where("action", "=", filter.action);
  if (filter.username) q = q.where("username", "=", filter.username);
  if (filter.from) q = q.where("at", ">=", filter.from);
  if (filter.to) q = q.where("at", "<", filter.to);
  if (filter.beforeId) q = q.where("id", "<", filter.beforeId);
  return q.execute();
}
