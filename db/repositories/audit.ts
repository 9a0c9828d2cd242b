import type { Kysely } from "kysely";
import type { Actor, AuditChange } from "~/domain/audit";
import type { AuditEntry, Database, NewAuditEntry } from "../schema";

type Db = Kysely<Database>;

/** Appends an audit entry. The app never updates or deletes entries. */
export async function insertAuditEntry(db: Db, entry: NewAuditEntry): Promise<void> {
  await db.insertInto("audit_log").values(entry).execute();
}

/** Records a change (app/domain/audit.ts) by `actor` at `at`; call it inside the change's transaction. */
export async function recordAudit(db: Db, actor: Actor, at: Date, change: AuditChange): Promise<void> {
  await insertAuditEntry(db, {
    at: at.toISOString(),
    user_id: actor.id,
    username: actor.username,
    unit_id: change.unitId,
    action: change.action,
    entity: change.entity,
    entity_id: change.entityId === null ? null : String(change.entityId),
    before: change.before ? JSON.stringify(change.before) : null,
    after: change.after ? JSON.stringify(change.after) : null,
  });
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

/** An audit entry as read back: the values before and after parsed from their JSON. */
export interface AuditRecord {
  id: number;
  at: string;
  userId: number | null;
  username: string;
  unitId: number | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/** Stored JSON as a value; null for none, and the text itself should it not parse (it always does: recordAudit wrote it). */
function parseValues(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}

/** A stored entry as read back (camelCase, values parsed). */
export function toAuditRecord(row: AuditEntry): AuditRecord {
  return {
    id: row.id,
    at: row.at,
    userId: row.user_id,
    username: row.username,
    unitId: row.unit_id,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: parseValues(row.before),
    after: parseValues(row.after),
  };
}

/** Newest first. */
export async function listAuditEntries(db: Db, filter: AuditFilter = {}): Promise<AuditRecord[]> {
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
  return (await q.execute()).map(toAuditRecord);
}
