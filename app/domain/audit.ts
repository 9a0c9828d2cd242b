/**
 * What the audit log records: which things, which changes, and who made them.
 * Written by db/repositories/audit.ts (recordAudit), inside the transaction that
 * makes the change, so a change is never stored without its entry.
 */

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
  "officer",
  "system",
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
  "erase_contact",
  "suspect.accept",
  "suspect.keep",
  "move_desk",
  "set_pin",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface Actor {
  id: number | null;
  username: string;
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
