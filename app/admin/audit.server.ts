/**
 * Writing the audit log: who, when, what, and the values before and after.
 * Called inside the transaction that makes the change, so a change is never
 * stored without its entry. The app only appends (db/repositories/audit.ts).
 */
import type { DB } from "~db/connection";
import { insertAuditEntry } from "~db/repositories/audit";
import type { Staff } from "./access.server";

export const AUDIT_ENTITIES = [
  "unit",
  "desk",
  "device",
  "field",
  "questionnaire",
  "user",
  "targets",
  "baseline",
  "setting",
  "response",
  "report_signer",
  "case",
  "holiday",
  "webhook",
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export const AUDIT_ACTIONS = [
  "create",
  "update",
  "rename",
  "move",
  "retire",
  "restore",
  "import",
  "revoke",
  "pairing_code",
  "pairing_paused",
  "activate",
  "disable",
  "enable",
  "reset_password",
  "change_password",
  "purge_personal_data",
  "delete",
  "assign",
  "start_verifying",
  "note",
  "conclude",
  "send_test",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface Actor {
  id: number | null;
  username: string;
}

export function actorOf(staff: Staff): Actor {
  return { id: staff.user.id, username: staff.user.username };
}

export interface AuditChange {
  action: AuditAction;
  entity: AuditEntity;
  entityId: string | number | null;
  /** The unit the change belongs to, so managers see it in their scope; null for installation-wide things. */
  unitId: number | null;
  before?: object | null;
  after?: object | null;
}

export async function recordAudit(db: DB, actor: Actor, at: Date, change: AuditChange): Promise<void> {
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
