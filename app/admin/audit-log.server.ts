/** The audit log page: entries in the user's scope, newest first, filterable; nothing here edits an entry. */
import { listAuditEntries } from "~db/repositories/audit";
import type { AppContext } from "~/context";
import { addDays, isIsoDate } from "~/domain/time";
import { MANAGERS, requireStaff } from "./access.server";
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from "~/domain/audit";
import { auditView } from "./audit-view.server";

export const AUDIT_PAGE_SIZE = 100;

/** A local date's start as a UTC instant (Asia/Ho_Chi_Minh is UTC+7 all year). */
function localMidnight(date: string): string {
  return new Date(`${date}T00:00:00+07:00`).toISOString();
}

export async function loadAuditLog(app: AppContext, request: Request) {
  const staff = await requireStaff(app, request, MANAGERS);
  const params = new URL(request.url).searchParams;
  const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | "" =>
    allowed.includes(value as T) ? (value as T) : "";
  const date = (value: string | null) => (value && isIsoDate(value) ? value : "");
  const filter = {
    entity: pick(params.get("entity"), AUDIT_ENTITIES),
    action: pick(params.get("action"), AUDIT_ACTIONS),
    username: (params.get("username") ?? "").trim().toLowerCase().slice(0, 50),
    from: date(params.get("from")),
    to: date(params.get("to")),
  };
  const before = Number(params.get("before"));
  const entries = await listAuditEntries(app.db, {
    unitIds: staff.scope.unitIds,
    entity: filter.entity || undefined,
    action: filter.action || undefined,
    username: filter.username || undefined,
    from: filter.from ? localMidnight(filter.from) : undefined,
    to: filter.to ? localMidnight(addDays(filter.to, 1)) : undefined,
    beforeId: Number.isInteger(before) && before > 0 ? before : undefined,
    limit: AUDIT_PAGE_SIZE + 1,
  });
  const more = entries.length > AUDIT_PAGE_SIZE;
  const page = entries.slice(0, AUDIT_PAGE_SIZE);
  return {
    filter,
    entities: AUDIT_ENTITIES,
    actions: AUDIT_ACTIONS,
    entries: page.map(auditView),
    nextBefore: more ? page.at(-1)!.id : null,
    scopeAll: staff.scope.all,
  };
}
