/** An audit entry as the pages show it: the fields that changed, with their values before and after. */
import type { AuditRecord } from "~db/repositories/audit";

export interface AuditChangeView {
  field: string;
  before: string | null;
  after: string | null;
}

export interface AuditView {
  id: number;
  at: string;
  username: string;
  action: string;
  entity: string;
  entityId: string | null;
  changes: AuditChangeView[];
}

/** The values of a change as fields: an object's own, or one `value`. */
function asFields(values: unknown): Record<string, unknown> | null {
  if (values === null || values === undefined) return null;
  return typeof values === "object" && !Array.isArray(values) ? (values as Record<string, unknown>) : { value: values };
}

/** Long values (a questionnaire definition) are cut for the page; the log keeps them whole. */
const SHOWN_LENGTH = 300;

function show(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH)}…` : text;
}

/** Only the fields whose values differ (all of them for a creation or a removal). */
export function auditView(entry: AuditRecord): AuditView {
  const before = asFields(entry.before);
  const after = asFields(entry.after);
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const changes = fields
    .map((field) => ({ field, before: show(before?.[field]), after: show(after?.[field]) }))
    .filter((c) => c.before !== c.after);
  return {
    id: entry.id,
    at: entry.at,
    username: entry.username,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    changes,
  };
}
