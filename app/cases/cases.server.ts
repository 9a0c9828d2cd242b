/**
 * Harassment cases at /admin/cases (issue 16): viewers read, managers act
 * within their unit subtree, administrators everywhere. Every change is one
 * transaction holding the change, its audit entry (before/after) and its
 * case_events row (the history, and the feed alerts are sent from).
 */
import { z } from "zod";
import type { DB } from "~db/connection";
import {
  type CaseChange,
  type CaseDetail,
  type CaseEventType,
  countCases,
  findCase,
  insertCaseEvents,
  listCaseEvents,
  listCases,
  listManagersOfUnits,
  updateCase,
} from "~db/repositories/cases";
import { listUnits } from "~db/repositories/units";
import type { CaseFinding, CaseStatus } from "~db/schema";
import { type Staff, forbidden, notFound, requireInScope, requireStaff } from "~/admin/access.server";
import { recordAudit } from "~db/repositories/audit";
import { actorOf } from "~/admin/access.server";
import { type ActionResult, badIntent, done, readForm, reject, runForm, runWork } from "~/admin/forms.server";
import { optionalDate, optionalId } from "~/admin/schemas.server";
import type { AppContext } from "~/context";
import { addDays, localDateOf } from "~/domain/time";
import { unitFilter } from "~/admin/list-query.server";
import { caseContactFor } from "./contacts.server";
import { CASE_FINDINGS, STATUS_FILTERS, type StatusFilter } from "./vocabulary";

export const CASE_READERS = ["admin", "manager", "viewer"] as const;
const PAGE_SIZE = 100;

/** Local midnight (UTC+7) of a date, as an ISO instant. */
const localStart = (date: string) => new Date(`${date}T00:00:00+07:00`).toISOString();

function statusesOf(filter: StatusFilter): CaseStatus[] | undefined {
  if (filter === "all") return undefined;
  if (filter === "open") return ["new", "verifying"];
  return [filter];
}

const listQuery = z.object({
  unit: optionalId.catch(null),
  unitq: z
    .string()
    .max(100)
    .transform((v) => v.trim())
    .catch(""),
  status: z.enum(STATUS_FILTERS).catch("open"),
  overdue: z
    .string()
    .optional()
    .transform((v) => v === "1")
    .catch(false),
  from: optionalDate.catch(null),
  to: optionalDate.catch(null),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loadCases(app: AppContext, request: Request) {
  const staff = await requireStaff(app, request, CASE_READERS);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const q = listQuery.parse({
    status: "open",
    ...params,
    unit: params.unit ?? "",
    unitq: params.unitq ?? "",
    from: params.from ?? "",
    to: params.to ?? "",
  });
  // The unit picker of the other lists (ADR 058): a chosen unit outside the scope is a 404.
  const { unitIds, picker } = await unitFilter(app, staff, { unit: q.unit, unitq: q.unitq });
  const today = localDateOf(app.now());
  const filter = {
    unitIds,
    openedFrom: q.from ? localStart(q.from) : undefined,
    openedTo: q.to ? localStart(addDays(q.to, 1)) : undefined,
  };
  const [counts, items] = await Promise.all([
    countCases(app.db, filter, today),
    listCases(app.db, {
      ...filter,
      statuses: statusesOf(q.status),
      overdueBefore: q.overdue ? today : undefined,
      limit: PAGE_SIZE + 1,
      offset: (q.page - 1) * PAGE_SIZE,
    }),
  ]);
  return {
    filter: {
      unit: picker.chosen?.id ?? null,
      status: q.status,
      overdue: q.overdue,
      from: q.from,
      to: q.to,
      page: q.page,
    },
    picker,
    counts,
    today,
    more: items.length > PAGE_SIZE,
    items: items.slice(0, PAGE_SIZE),
  };
}

async function caseInScope(db: DB, staff: Staff, rawId: string | undefined): Promise<CaseDetail> {
  const id = Number(rawId);
  const found = Number.isInteger(id) && id > 0 && id < 2 ** 31 ? await findCase(db, id) : undefined;
  if (!found) notFound();
  requireInScope(staff, found.unitId);
  return found;
}

/** Managers whose scope holds the unit: those of the unit and of the units above it. */
async function assignableManagers(db: DB, unitId: number) {
  const units = await listUnits(db);
  const byId = new Map(units.map((u) => [u.id, u]));
  const chain: number[] = [];
  for (let u = byId.get(unitId); u; u = u.parentId === null ? undefined : byId.get(u.parentId)) chain.push(u.id);
  return listManagersOfUnits(db, chain);
}

function mayAct(staff: Staff): boolean {
  return staff.user.role === "admin" || staff.user.role === "manager";
}

export async function loadCase(app: AppContext, request: Request, rawId: string | undefined) {
  const staff = await requireStaff(app, request, CASE_READERS);
  const found = await caseInScope(app.db, staff, rawId);
  const [events, managers, contact] = await Promise.all([
    listCaseEvents(app.db, found.id),
    assignableManagers(app.db, found.unitId),
    caseContactFor(app.db, staff, found),
  ]);
  return {
    case: found,
    contact,
    events,
    managers: managers.map((m) => ({ id: m.id, username: m.username })),
    mayAct: mayAct(staff),
    today: localDateOf(app.now()),
  };
}

const assignSchema = z.object({ assignee: optionalId });
const noteSchema = z.object({ note: z.string().trim().min(1).max(4000) });
const concludeSchema = z.object({
  finding: z.enum(CASE_FINDINGS as [CaseFinding, ...CaseFinding[]]),
  measures: z.string().trim().min(1).max(4000),
  reply: z
    .string()
    .trim()
    .max(4000)
    .optional()
    .transform((v) => v || null),
});

interface Step {
  type: CaseEventType;
  action: "assign" | "start_verifying" | "note" | "conclude";
  change: CaseChange | null;
  before: object | null;
  after: object;
}

/** Applies one step to a case: the change, its event and its audit entry, in one transaction. */
async function applyStep(db: DB, staff: Staff, now: Date, c: CaseDetail, step: Step): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (step.change) await updateCase(trx, c.id, step.change);
    await insertCaseEvents(trx, [
      {
        caseId: c.id,
        type: step.type,
        at: now.toISOString(),
        userId: staff.user.id,
        before: step.before,
        after: step.after,
      },
    ]);
    await recordAudit(trx, actorOf(staff), now, {
      action: step.action,
      entity: "case",
      entityId: c.id,
      unitId: c.unitId,
      before: step.before,
      after: step.after,
    });
  });
}

/**
 * Assigns a case to a manager whose scope holds its unit (one of its unit or
 * of a unit above), or to nobody (null); refuses anyone else.
 */
export async function assignCase(
  db: DB,
  staff: Staff,
  now: Date,
  c: CaseDetail,
  assignee: number | null
): Promise<void> {
  const managers = await assignableManagers(db, c.unitId);
  const chosen = assignee === null ? null : managers.find((m) => m.id === assignee);
  if (chosen === undefined) reject("assignee", "case_assignee_out_of_scope");
  await applyStep(db, staff, now, c, {
    type: "assigned",
    action: "assign",
    change: { assigneeUserId: chosen?.id ?? null },
    before: { assignee: c.assignee },
    after: { assignee: chosen?.username ?? null },
  });
}

export async function caseAction(app: AppContext, request: Request, rawId: string | undefined): Promise<ActionResult> {
  const staff = await requireStaff(app, request, CASE_READERS);
  const c = await caseInScope(app.db, staff, rawId);
  if (!mayAct(staff)) forbidden();
  const { intent, values } = await readForm(request);
  const now = app.now();
  const back = `/admin/cases/${c.id}`;
  // A concluded case only takes notes.
  if (c.status === "concluded" && intent !== "note")
    return runWork(staff.t, intent, values, () => reject("", "case_already_concluded"));
  switch (intent) {
    case "assign":
      return runForm(staff.t, "assign", values, assignSchema, async ({ assignee }) => {
        await assignCase(app.db, staff, now, c, assignee);
        done(back, "case_assigned");
      });
    case "verify":
      return runWork(staff.t, "verify", values, async () => {
        if (c.status !== "new") reject("", "case_not_new");
        await applyStep(app.db, staff, now, c, {
          type: "status",
          action: "start_verifying",
          change: { status: "verifying" },
          before: { status: c.status },
          after: { status: "verifying" },
        });
        done(back, "case_verifying");
      });
    case "note":
      return runForm(staff.t, "note", values, noteSchema, async ({ note }) => {
        await applyStep(app.db, staff, now, c, {
          type: "note",
          action: "note",
          change: null,
          before: null,
          after: { note },
        });
        done(back, "case_noted");
      });
    case "conclude":
      return runForm(staff.t, "conclude", values, concludeSchema, async (input) => {
        await applyStep(app.db, staff, now, c, {
          type: "concluded",
          action: "conclude",
          change: { status: "concluded", concludedAt: now.toISOString(), ...input },
          before: { status: c.status, finding: c.finding, measures: c.measures, reply: c.reply },
          after: { status: "concluded", ...input },
        });
        done(back, "case_concluded");
      });
    default:
      return badIntent(staff.t);
  }
}
