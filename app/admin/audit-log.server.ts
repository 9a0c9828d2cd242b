/**
 * The audit log page (a server-side list, ADR 058): entries in the user's
 * scope or the chosen unit's subtree, by kind of thing, action and period,
 * searched by user name or the thing's id or code, sorted (newest first by
 * default) and paged; the same filter as CSV. Nothing here edits an entry.
 */
import { type AuditSort, pageAudit } from "~db/repositories/list-pages";
import type { AppContext } from "~/context";
import { addDays } from "~/domain/time";
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from "~/domain/audit";
import { MANAGERS, type Staff, requireStaff } from "./access.server";
import { auditView } from "./audit-view.server";
import {
  HEAVY_PAGE_SIZES,
  listCsv,
  listView,
  parseChoice,
  parseDate,
  parseListParams,
  unitFilter,
} from "./list-query.server";

export const AUDIT_SORTS = ["at", "user", "entity"] as const satisfies readonly AuditSort[];

/** A local date's start as a UTC instant (Asia/Ho_Chi_Minh is UTC+7 all year). */
function localMidnight(date: string): string {
  return new Date(`${date}T00:00:00+07:00`).toISOString();
}

/** The audit list's filter from the URL (400 on a value the page does not offer), in the staff member's scope. */
async function auditFilter(app: AppContext, staff: Staff, request: Request) {
  const url = new URL(request.url);
  const params = parseListParams(url, AUDIT_SORTS, { dir: "desc", sizes: HEAVY_PAGE_SIZES });
  const entity = parseChoice(url, "entity", AUDIT_ENTITIES);
  const action = parseChoice(url, "action", AUDIT_ACTIONS);
  const from = parseDate(url, "from");
  const to = parseDate(url, "to");
  const { unitIds, picker } = await unitFilter(app, staff, params);
  const filter = {
    unitIds,
    entity,
    action,
    q: params.q,
    from: from ? localMidnight(from) : undefined,
    to: to ? localMidnight(addDays(to, 1)) : undefined,
  };
  return {
    params,
    picker,
    filter,
    chosen: { entity: entity ?? "", action: action ?? "", from: from ?? "", to: to ?? "" },
  };
}

export async function loadAuditLog(app: AppContext, request: Request) {
  const staff = await requireStaff(app, request, MANAGERS);
  const { params, picker, filter, chosen } = await auditFilter(app, staff, request);
  const page = await pageAudit(app.db, filter, params);
  return {
    filter: chosen,
    entities: AUDIT_ENTITIES,
    actions: AUDIT_ACTIONS,
    entries: page.rows.map(auditView),
    list: listView(params, AUDIT_SORTS, page),
    picker,
    scopeAll: staff.scope.all,
  };
}

/** A label from the translations, or the stored value when there is none (an action or field of an older version). */
function labelOr(t: Staff["t"], key: string, fallback: string): string {
  const text = t(key);
  return text === key ? fallback : text;
}

/** Every entry of the filter, as CSV: the changed fields' values before → after, as the page shows them. */
export async function auditCsv(app: AppContext, request: Request): Promise<Response> {
  const staff = await requireStaff(app, request, MANAGERS);
  const { params, filter } = await auditFilter(app, staff, request);
  const t = staff.t;
  return listCsv(
    "nhat-ky-thay-doi.csv",
    [
      t("admin:audit.at"),
      t("admin:audit.user"),
      t("admin:audit.action"),
      t("admin:audit.entity"),
      t("admin:audit.entity_id"),
      t("admin:audit.changes"),
    ],
    params,
    (req) => pageAudit(app.db, filter, req),
    (entry) => {
      const e = auditView(entry);
      return [
        e.at,
        e.username,
        labelOr(t, `admin:audit.actions.${e.action}`, e.action),
        labelOr(t, `admin:audit.entities.${e.entity}`, e.entity),
        e.entityId,
        e.changes
          .map((c) => `${labelOr(t, `admin:audit.fields.${c.field}`, c.field)}: ${c.before ?? "—"} → ${c.after ?? "—"}`)
          .join("; "),
      ];
    }
  );
}
