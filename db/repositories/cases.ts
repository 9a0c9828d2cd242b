/**
 * Harassment cases (phản ánh) and their history. Every change to a case goes
 * with its case_events row in the same transaction: the history page and the
 * alerts (which read case_events) both rely on it.
 */
import { type Kysely, sql } from "kysely";
import { multiRowInsert } from "../insert-values";
import type { CaseFinding, CaseStatus, Database, Language, Rating } from "../schema";
import { raiseCaseEpochs } from "./rollup-cache";
import { localDateOf } from "~/domain/time";

type Db = Kysely<Database>;

export const CASE_EVENT_TYPES = [
  "opened",
  "assigned",
  "status",
  "note",
  "concluded",
  "due_soon",
  "overdue",
  "suspect",
  "contact_erased",
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

export interface NewCaseEvent {
  caseId: number;
  type: CaseEventType;
  at: string;
  userId: number | null;
  before?: object | null;
  after?: object | null;
}

export async function insertCaseEvents(db: Db, events: readonly NewCaseEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto("case_events")
    .values(
      events.map((e) => ({
        case_id: e.caseId,
        type: e.type,
        at: e.at,
        user_id: e.userId,
        before: e.before ? JSON.stringify(e.before) : null,
        after: e.after ? JSON.stringify(e.after) : null,
      }))
    )
    .execute();
}

export interface CaseToOpen {
  responseId: string;
  unitId: number;
  deskId: number;
  openedAt: string;
  dueOn: string;
  /** The citizen's phone, left with the response to be contacted (ADR 048), and when they agreed. */
  contact?: { phone: string; consentedAt: string };
}

/** Rows per insert statement (5 columns each). */
const INSERT_CHUNK = 500;

/** The local months (YYYY-MM) these cases were opened in: the report's case rows kept by month change with them. */
const monthsOpened = (openedAt: readonly string[]) => openedAt.map((at) => localDateOf(new Date(at)).slice(0, 7));

/**
 * Opens a case for each response that has none yet (one multi-row insert,
 * `on conflict do nothing` on the response), with its `opened` event.
 * Returns the new cases' ids. Call inside the transaction storing the responses.
 */
export async function openCases(db: Db, cases: readonly CaseToOpen[], userId: number | null = null): Promise<number[]> {
  const opened: number[] = [];
  for (let i = 0; i < cases.length; i += INSERT_CHUNK) {
    const chunk = cases.slice(i, i + INSERT_CHUNK);
    const insert = multiRowInsert(
      db,
      "cases",
      ["response_id", "unit_id", "desk_id", "opened_at", "due_on"],
      chunk.map((c) => [c.responseId, c.unitId, c.deskId, c.openedAt, c.dueOn]),
      `on conflict ("response_id") do nothing returning "id", "response_id", "opened_at", "due_on"`
    );
    const { rows } = await db.executeQuery<{ id: number; response_id: string; opened_at: string; due_on: string }>(
      insert
    );
    await raiseCaseEpochs(db, monthsOpened(rows.map((r) => r.opened_at)));
    await insertCaseEvents(
      db,
      rows.map((r) => ({
        caseId: Number(r.id),
        type: "opened",
        at: r.opened_at,
        userId,
        after: { responseId: r.response_id, status: "new", dueOn: r.due_on },
      }))
    );
    // The contact goes with the case that opens now, and only then: exactly once, as the case.
    const contacts = new Map(chunk.filter((c) => c.contact).map((c) => [c.responseId, c.contact!]));
    const newContacts = rows.flatMap((r) => {
      const contact = contacts.get(r.response_id);
      return contact ? [{ case_id: Number(r.id), phone: contact.phone, consented_at: contact.consentedAt }] : [];
    });
    if (newContacts.length > 0) await db.insertInto("case_contacts").values(newContacts).execute();
    opened.push(...rows.map((r) => Number(r.id)));
  }
  return opened;
}

/** The citizen's contact of a case, if one was left and not yet erased. */
export async function findCaseContact(
  db: Db,
  caseId: number
): Promise<{ phone: string; consentedAt: string } | undefined> {
  return db
    .selectFrom("case_contacts")
    .select(["phone", "consented_at as consentedAt"])
    .where("case_id", "=", caseId)
    .executeTakeFirst();
}

/**
 * Erases the contacts of cases concluded before `concludedBefore` (ISO
 * instant), each with a `contact_erased` event at `at`. Returns the cases.
 */
export async function eraseContactsConcludedBefore(
  db: Db,
  concludedBefore: string,
  at: string
): Promise<{ id: number; unitId: number }[]> {
  const due = await db
    .selectFrom("case_contacts")
    .innerJoin("cases", "cases.id", "case_contacts.case_id")
    .select(["cases.id", "cases.unit_id"])
    .where("cases.status", "=", "concluded")
    .where("cases.concluded_at", "<", concludedBefore)
    .orderBy("cases.id")
    .limit(INSERT_CHUNK)
    .execute();
  const erased = due.map((r) => ({ id: Number(r.id), unitId: r.unit_id }));
  if (erased.length === 0) return [];
  const ids = erased.map((c) => c.id);
  await db.deleteFrom("case_contacts").where("case_id", "in", ids).execute();
  await insertCaseEvents(
    db,
    ids.map((caseId) => ({ caseId, type: "contact_erased", at, userId: null, after: { contact: null } }))
  );
  return erased;
}

/** The stored, counted harassment responses among `ids`, as cases to open at `openedAt`. */
export async function harassmentResponsesToOpen(
  db: Db,
  ids: readonly string[],
  openedAt: string,
  dueOn: string
): Promise<CaseToOpen[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("responses")
    .select(["id", "unit_id", "desk_id"])
    .where("id", "in", ids)
    .where("harassment", "=", 1)
    .where("suspect", "=", 0)
    .execute();
  return rows.map((r) => ({ responseId: r.id, unitId: r.unit_id, deskId: r.desk_id, openedAt, dueOn }));
}

/**
 * Marks the cases of these responses suspect (1) or not (0) where that
 * changes, each with a `suspect` event. The case itself is never deleted.
 */
export async function setCasesSuspect(
  db: Db,
  responseIds: readonly string[],
  suspect: 0 | 1,
  at: string,
  userId: number | null
): Promise<number[]> {
  if (responseIds.length === 0) return [];
  const changed: number[] = [];
  for (let i = 0; i < responseIds.length; i += INSERT_CHUNK) {
    const rows = await db
      .updateTable("cases")
      .set({ suspect })
      .where("response_id", "in", responseIds.slice(i, i + INSERT_CHUNK))
      .where("suspect", "=", suspect === 1 ? 0 : 1)
      .returning(["id", "opened_at"])
      .execute();
    await raiseCaseEpochs(db, monthsOpened(rows.map((r) => r.opened_at)));
    changed.push(...rows.map((r) => Number(r.id)));
  }
  await insertCaseEvents(
    db,
    changed.map((caseId) => ({
      caseId,
      type: "suspect",
      at,
      userId,
      before: { suspect: suspect === 1 ? 0 : 1 },
      after: { suspect },
    }))
  );
  return changed;
}

export interface CaseFilter {
  unitIds?: readonly number[];
  statuses?: readonly CaseStatus[];
  /** Only open cases whose last day is before this local date. */
  overdueBefore?: string;
  /** Opened at or after / before (ISO instants). */
  openedFrom?: string;
  openedTo?: string;
}

export interface CaseSummary {
  id: number;
  responseId: string;
  unitId: number;
  unitCode: string;
  unitName: string;
  deskCode: string;
  deskName: string;
  status: CaseStatus;
  openedAt: string;
  dueOn: string;
  concludedAt: string | null;
  assigneeUserId: number | null;
  assignee: string | null;
  finding: CaseFinding | null;
  suspect: number;
}

function filtered(db: Db, filter: CaseFilter) {
  let q = db
    .selectFrom("cases")
    .innerJoin("units", "units.id", "cases.unit_id")
    .innerJoin("desks", "desks.id", "cases.desk_id")
    .leftJoin("users", "users.id", "cases.assignee_user_id");
  if (filter.unitIds) q = q.where("cases.unit_id", "in", filter.unitIds);
  if (filter.statuses) q = q.where("cases.status", "in", filter.statuses);
  if (filter.overdueBefore)
    q = q.where("cases.status", "<>", "concluded").where("cases.due_on", "<", filter.overdueBefore);
  if (filter.openedFrom) q = q.where("cases.opened_at", ">=", filter.openedFrom);
  if (filter.openedTo) q = q.where("cases.opened_at", "<", filter.openedTo);
  return q;
}

const SUMMARY_COLUMNS = [
  "cases.id",
  "cases.response_id as responseId",
  "cases.unit_id as unitId",
  "units.code as unitCode",
  "units.name as unitName",
  "desks.code as deskCode",
  "desks.name as deskName",
  "cases.status",
  "cases.opened_at as openedAt",
  "cases.due_on as dueOn",
  "cases.concluded_at as concludedAt",
  "cases.assignee_user_id as assigneeUserId",
  "users.username as assignee",
  "cases.finding",
  "cases.suspect",
] as const;

/** Newest first. An empty unit list (a scope with no units) matches nothing. */
export async function listCases(
  db: Db,
  filter: CaseFilter & { limit?: number; offset?: number }
): Promise<CaseSummary[]> {
  if (filter.unitIds?.length === 0 || filter.statuses?.length === 0) return [];
  let q = filtered(db, filter).select(SUMMARY_COLUMNS).orderBy("cases.opened_at", "desc").orderBy("cases.id", "desc");
  if (filter.limit !== undefined) q = q.limit(filter.limit).offset(filter.offset ?? 0);
  return q.execute();
}

/** Cases per status, and open cases past their last day, under `filter` (its statuses ignored). */
export async function countCases(
  db: Db,
  filter: CaseFilter,
  today: string
): Promise<Record<CaseStatus, number> & { overdue: number; total: number }> {
  const counts = { new: 0, verifying: 0, concluded: 0, overdue: 0, total: 0 };
  if (filter.unitIds?.length === 0) return counts;
  const { statuses: _ignored, ...rest } = filter;
  const rows = await filtered(db, rest)
    .select([
      "cases.status",
      (eb) => eb.fn.countAll<number>().as("n"),
      sql<number>`sum(case when cases.status <> 'concluded' and cases.due_on < ${today} then 1 else 0 end)`.as("late"),
    ])
    .groupBy("cases.status")
    .execute();
  for (const r of rows) {
    counts[r.status] = Number(r.n);
    counts.overdue += Number(r.late ?? 0);
    counts.total += Number(r.n);
  }
  return counts;
}

export interface CaseDetail extends CaseSummary {
  unitLevel: string;
  measures: string | null;
  reply: string | null;
  response: {
    at: string;
    rating: Rating;
    reasons: string[];
    fieldCode: string | null;
    dossierCode: string | null;
    comment: string | null;
    language: Language;
    answers: Record<string, unknown> | null;
    suspect: number;
  };
}

export async function findCase(db: Db, id: number): Promise<CaseDetail | undefined> {
  const row = await filtered(db, {})
    .innerJoin("responses", "responses.id", "cases.response_id")
    .select(SUMMARY_COLUMNS)
    .select([
      "units.level as unitLevel",
      "cases.measures",
      "cases.reply",
      "responses.effective_at",
      "responses.rating",
      "responses.reasons",
      "responses.field_code",
      "responses.dossier_code",
      "responses.comment",
      "responses.language",
      "responses.answers",
      "responses.suspect as responseSuspect",
    ])
    .where("cases.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  const {
    effective_at,
    rating,
    reasons,
    field_code,
    dossier_code,
    comment,
    language,
    answers,
    responseSuspect,
    ...rest
  } = row;
  return {
    ...rest,
    response: {
      at: effective_at,
      rating,
      reasons: JSON.parse(reasons) as string[],
      fieldCode: field_code,
      dossierCode: dossier_code,
      comment,
      language,
      answers: answers ? (JSON.parse(answers) as Record<string, unknown>) : null,
      suspect: responseSuspect,
    },
  };
}

export interface CaseEventView {
  id: number;
  type: string;
  at: string;
  username: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export async function listCaseEvents(db: Db, caseId: number): Promise<CaseEventView[]> {
  const rows = await db
    .selectFrom("case_events")
    .leftJoin("users", "users.id", "case_events.user_id")
    .select([
      "case_events.id",
      "case_events.type",
      "case_events.at",
      "users.username",
      "case_events.before",
      "case_events.after",
    ])
    .where("case_events.case_id", "=", caseId)
    .orderBy("case_events.id")
    .execute();
  return rows.map((r) => ({
    ...r,
    before: r.before ? (JSON.parse(r.before) as Record<string, unknown>) : null,
    after: r.after ? (JSON.parse(r.after) as Record<string, unknown>) : null,
  }));
}

export interface CaseChange {
  status?: CaseStatus;
  assigneeUserId?: number | null;
  concludedAt?: string | null;
  finding?: CaseFinding | null;
  measures?: string | null;
  reply?: string | null;
}

export async function updateCase(db: Db, id: number, change: CaseChange): Promise<void> {
  const { assigneeUserId, concludedAt, ...same } = change;
  const updated = await db
    .updateTable("cases")
    .set({
      ...same,
      ...(assigneeUserId !== undefined ? { assignee_user_id: assigneeUserId } : {}),
      ...(concludedAt !== undefined ? { concluded_at: concludedAt } : {}),
    })
    .where("id", "=", id)
    .returning("opened_at")
    .execute();
  await raiseCaseEpochs(db, monthsOpened(updated.map((r) => r.opened_at)));
}

/**
 * Inserts each open case's `due_soon` event once its last day is at most
 * `soonOn` (and not passed), and its `overdue` event once its last day is
 * before `today`; a case gets each at most once. Returns how many of each.
 */
export async function insertDueEvents(
  db: Db,
  today: string,
  soonOn: string,
  at: string
): Promise<{ dueSoon: number; overdue: number }> {
  const run = async (type: "due_soon" | "overdue", from: string | null, to: string, strict: boolean) => {
    let q = db
      .selectFrom("cases as c")
      .select(["c.id", "c.due_on"])
      .where("c.status", "<>", "concluded")
      .where("c.due_on", strict ? "<" : "<=", to)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("case_events as e").select("e.id").whereRef("e.case_id", "=", "c.id").where("e.type", "=", type)
          )
        )
      );
    if (from) q = q.where("c.due_on", ">=", from);
    const due = await q.execute();
    await insertCaseEvents(
      db,
      due.map((c) => ({ caseId: Number(c.id), type, at, userId: null, after: { dueOn: c.due_on } }))
    );
    return due.length;
  };
  const overdue = await run("overdue", null, today, true);
  const dueSoon = await run("due_soon", today, soonOn, false);
  return { dueSoon, overdue };
}

/** Open and overdue cases in scope, for the admin header. */
export async function countOpenCases(
  db: Db,
  unitIds: readonly number[] | undefined,
  today: string
): Promise<{ open: number; overdue: number }> {
  if (unitIds?.length === 0) return { open: 0, overdue: 0 };
  let q = db
    .selectFrom("cases")
    .select([
      (eb) => eb.fn.countAll<number>().as("open"),
      sql<number>`sum(case when due_on < ${today} then 1 else 0 end)`.as("overdue"),
    ])
    .where("status", "<>", "concluded");
  if (unitIds) q = q.where("unit_id", "in", unitIds);
  const row = await q.executeTakeFirstOrThrow();
  return { open: Number(row.open), overdue: Number(row.overdue ?? 0) };
}

/** Active managers of these units (ids, usernames), for the assignee list. */
export async function listManagersOfUnits(
  db: Db,
  unitIds: readonly number[]
): Promise<{ id: number; username: string; unitId: number }[]> {
  if (unitIds.length === 0) return [];
  const rows = await db
    .selectFrom("users")
    .select(["id", "username", "unit_id"])
    .where("role", "=", "manager")
    .where("disabled", "=", 0)
    .where("unit_id", "in", unitIds)
    .orderBy("username")
    .execute();
  return rows.map((r) => ({ id: r.id, username: r.username, unitId: r.unit_id! }));
}
