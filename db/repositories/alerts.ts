/**
 * The alerts' storage: the scheduler's lease and cursor, the case events
 * read for dispatch, alert messages (email or in the app), webhooks, their
 * deliveries and attempts. Inserts of messages and deliveries ignore a row
 * already there (unique per event and recipient), so dispatching twice sends once.
 */
import type { Kysely } from "kysely";
import type {
  AlertMessageRow,
  AlertMessageStatus,
  Database,
  Flag,
  WebhookAttemptRow,
  WebhookDeliveryRow,
  WebhookDeliveryStatus,
  WebhookRow,
} from "../schema";

type Db = Kysely<Database>;

/** An alert to one user about one case event: emailed, or shown in the app only. */
export interface AlertMessage {
  id: number;
  caseEventId: number;
  caseId: number;
  userId: number;
  kind: string;
  toAddress: string | null;
  subject: string;
  body: string;
  status: AlertMessageStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export type NewAlertMessage = Omit<AlertMessage, "id" | "attempts" | "lastError" | "sentAt">;

function toAlertMessage(r: AlertMessageRow): AlertMessage {
  return {
    id: r.id,
    caseEventId: r.case_event_id,
    caseId: r.case_id,
    userId: r.user_id,
    kind: r.kind,
    toAddress: r.to_address,
    subject: r.subject,
    body: r.body,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

export interface Webhook {
  id: number;
  url: string;
  /** Comma-separated event names. */
  events: string;
  secret: string;
  active: Flag;
  createdAt: string;
}

function toWebhook(r: WebhookRow): Webhook {
  return { id: r.id, url: r.url, events: r.events, secret: r.secret, active: r.active, createdAt: r.created_at };
}

/** One POST of an event to a webhook, retried until delivered or failed for good. */
export interface WebhookDelivery {
  /** UUID, sent as X-HaiLong-Delivery. */
  id: string;
  webhookId: number;
  /** Null for a test delivery. */
  caseEventId: number | null;
  event: string;
  /** The exact body signed and sent. */
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export type NewWebhookDelivery = Omit<WebhookDelivery, "attempts" | "deliveredAt"> &
  Partial<Pick<WebhookDelivery, "attempts" | "deliveredAt">>;

function toDelivery(r: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: r.id,
    webhookId: r.webhook_id,
    caseEventId: r.case_event_id,
    event: r.event,
    payload: r.payload,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  };
}

export interface WebhookAttempt {
  id: number;
  deliveryId: string;
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

function toAttempt(r: WebhookAttemptRow): WebhookAttempt {
  return {
    id: r.id,
    deliveryId: r.delivery_id,
    at: r.at,
    statusCode: r.status_code,
    error: r.error,
    durationMs: r.duration_ms,
  };
}

/**
 * Takes or renews the lease `name` until `until`, in one atomic statement:
 * it succeeds when nobody holds it, the holder's time ran out (`until` ≤
 * `now`), or `holder` already holds it. Returns whether `holder` holds it now.
 */
export async function takeLease(db: Db, name: string, holder: string, now: string, until: string): Promise<boolean> {
  const row = await db
    .insertInto("job_leases")
    .values({ name, holder, until })
    .onConflict((oc) =>
      oc
        .column("name")
        .doUpdateSet({ holder, until })
        .where((eb) => eb.or([eb("job_leases.until", "<=", now), eb("job_leases.holder", "=", holder)]))
    )
    .returning("holder")
    .executeTakeFirst();
  return row?.holder === holder;
}

/** Ends the lease if `holder` holds it, so another process takes over at once. */
export async function releaseLease(db: Db, name: string, holder: string, now: string): Promise<void> {
  await db
    .updateTable("job_leases")
    .set({ until: now })
    .where("name", "=", name)
    .where("holder", "=", holder)
    .execute();
}

export async function findLease(db: Db, name: string) {
  return db.selectFrom("job_leases").selectAll().where("name", "=", name).executeTakeFirst();
}

export async function readCursor(db: Db, name: string): Promise<number> {
  const row = await db.selectFrom("job_cursors").select("last_id").where("name", "=", name).executeTakeFirst();
  return row?.last_id ?? 0;
}

/** Moves the cursor from `from` to `to`; false when someone else moved it meanwhile (the caller rolls back). */
export async function advanceCursor(db: Db, name: string, from: number, to: number): Promise<boolean> {
  if (from === 0) {
    const inserted = await db
      .insertInto("job_cursors")
      .values({ name, last_id: to })
      .onConflict((oc) => oc.column("name").doUpdateSet({ last_id: to }).where("job_cursors.last_id", "=", from))
      .returning("last_id")
      .executeTakeFirst();
    return inserted !== undefined;
  }
  const result = await db
    .updateTable("job_cursors")
    .set({ last_id: to })
    .where("name", "=", name)
    .where("last_id", "=", from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A case event with what an alert says about its case (never the citizen's contact or comment). */
export interface CaseEventForAlert {
  eventId: number;
  type: string;
  at: string;
  caseId: number;
  responseId: string;
  unitId: number;
  unitCode: string;
  unitName: string;
  unitParentId: number | null;
  deskCode: string;
  deskName: string;
  status: string;
  openedAt: string;
  dueOn: string;
  concludedAt: string | null;
  finding: string | null;
  suspect: number;
  assigneeUserId: number | null;
  assigneeUsername: string | null;
}

/** Case events after `afterId`, oldest first. */
export async function listCaseEventsAfter(db: Db, afterId: number, limit: number): Promise<CaseEventForAlert[]> {
  return db
    .selectFrom("case_events as e")
    .innerJoin("cases as c", "c.id", "e.case_id")
    .innerJoin("units as u", "u.id", "c.unit_id")
    .innerJoin("desks as d", "d.id", "c.desk_id")
    .leftJoin("users as a", "a.id", "c.assignee_user_id")
    .select([
      "e.id as eventId",
      "e.type",
      "e.at",
      "c.id as caseId",
      "c.response_id as responseId",
      "c.unit_id as unitId",
      "u.code as unitCode",
      "u.name as unitName",
      "u.parent_id as unitParentId",
      "d.code as deskCode",
      "d.name as deskName",
      "c.status",
      "c.opened_at as openedAt",
      "c.due_on as dueOn",
      "c.concluded_at as concludedAt",
      "c.finding",
      "c.suspect",
      "c.assignee_user_id as assigneeUserId",
      "a.username as assigneeUsername",
    ])
    .where("e.id", ">", afterId)
    .orderBy("e.id")
    .limit(limit)
    .execute();
}

export interface UnitLink {
  id: number;
  code: string;
  level: string;
  parentId: number | null;
}

/** A unit and its parents up to the root, the unit first. */
export async function unitAndParents(db: Db, unitId: number): Promise<UnitLink[]> {
  const chain: UnitLink[] = [];
  let next: number | null = unitId;
  while (next !== null && chain.length < 10) {
    const unit = await db
      .selectFrom("units")
      .select(["id", "code", "level", "parent_id as parentId"])
      .where("id", "=", next)
      .executeTakeFirst();
    if (!unit) break;
    chain.push(unit);
    next = unit.parentId;
  }
  return chain;
}

export interface AlertRecipient {
  id: number;
  username: string;
  email: string | null;
  unitCode: string;
}

/** Enabled managers of the units with these codes (any version of the unit). */
export async function listManagersOfUnitCodes(db: Db, codes: readonly string[]): Promise<AlertRecipient[]> {
  if (codes.length === 0) return [];
  return db
    .selectFrom("users")
    .innerJoin("units", "units.id", "users.unit_id")
    .select(["users.id", "users.username", "users.email", "units.code as unitCode"])
    .where("users.role", "=", "manager")
    .where("users.disabled", "=", 0)
    .where("units.code", "in", codes)
    .orderBy("users.id")
    .execute();
}

export async function findRecipient(db: Db, userId: number): Promise<AlertRecipient | undefined> {
  return db
    .selectFrom("users")
    .leftJoin("units", "units.id", "users.unit_id")
    .select(["users.id", "users.username", "users.email", "units.code as unitCode"])
    .where("users.id", "=", userId)
    .where("users.disabled", "=", 0)
    .executeTakeFirst()
    .then((r) => (r ? { ...r, unitCode: r.unitCode ?? "" } : undefined));
}

export async function insertAlertMessages(db: Db, messages: NewAlertMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await db
    .insertInto("alert_messages")
    .values(
      messages.map((m) => ({
        case_event_id: m.caseEventId,
        case_id: m.caseId,
        user_id: m.userId,
        kind: m.kind,
        to_address: m.toAddress,
        subject: m.subject,
        body: m.body,
        status: m.status,
        next_attempt_at: m.nextAttemptAt,
        created_at: m.createdAt,
      }))
    )
    .onConflict((oc) => oc.columns(["case_event_id", "user_id"]).doNothing())
    .execute();
}

/** Messages to send now, oldest first. */
export async function listDueMessages(db: Db, now: string, limit: number): Promise<AlertMessage[]> {
  const rows = await db
    .selectFrom("alert_messages")
    .selectAll()
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map(toAlertMessage);
}

export async function updateMessage(
  db: Db,
  id: number,
  patch: {
    status: AlertMessageStatus;
    attempts: number;
    nextAttemptAt: string | null;
    lastError: string | null;
    sentAt?: string | null;
  }
): Promise<void> {
  await db
    .updateTable("alert_messages")
    .set({
      status: patch.status,
      attempts: patch.attempts,
      next_attempt_at: patch.nextAttemptAt,
      last_error: patch.lastError,
      sent_at: patch.sentAt ?? null,
    })
    .where("id", "=", id)
    .execute();
}

/** A user's own alerts, newest first. */
export async function listMessagesOfUser(db: Db, userId: number, limit = 100): Promise<AlertMessage[]> {
  const rows = await db
    .selectFrom("alert_messages")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map(toAlertMessage);
}

export type MessageWithUser = AlertMessage & { username: string };

/** Emails that failed for good or are waiting to be retried, newest first. */
export async function listUndeliveredMail(db: Db, limit = 200): Promise<MessageWithUser[]> {
  const rows = await db
    .selectFrom("alert_messages")
    .innerJoin("users", "users.id", "alert_messages.user_id")
    .selectAll("alert_messages")
    .select("users.username")
    .where((eb) =>
      eb.or([
        eb("alert_messages.status", "=", "failed"),
        eb.and([eb("alert_messages.status", "=", "pending"), eb("alert_messages.attempts", ">", 0)]),
      ])
    )
    .orderBy("alert_messages.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...toAlertMessage(r), username: r.username }));
}

export async function insertWebhook(
  db: Db,
  webhook: { url: string; events: string; secret: string; createdAt: string }
): Promise<Webhook> {
  const row = await db
    .insertInto("webhooks")
    .values({ url: webhook.url, events: webhook.events, secret: webhook.secret, created_at: webhook.createdAt })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toWebhook(row);
}

export async function findWebhook(db: Db, id: number): Promise<Webhook | undefined> {
  const row = await db.selectFrom("webhooks").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toWebhook(row);
}

export async function listWebhooks(db: Db, filter: { active?: boolean } = {}): Promise<Webhook[]> {
  let q = db.selectFrom("webhooks").selectAll().orderBy("id");
  if (filter.active !== undefined) q = q.where("active", "=", filter.active ? 1 : 0);
  return (await q.execute()).map(toWebhook);
}

export async function setWebhookActive(db: Db, id: number, active: boolean): Promise<void> {
  await db
    .updateTable("webhooks")
    .set({ active: active ? 1 : 0 })
    .where("id", "=", id)
    .execute();
}

export async function insertDeliveries(db: Db, deliveries: NewWebhookDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  await db
    .insertInto("webhook_deliveries")
    .values(
      deliveries.map((d) => ({
        id: d.id,
        webhook_id: d.webhookId,
        case_event_id: d.caseEventId,
        event: d.event,
        payload: d.payload,
        status: d.status,
        attempts: d.attempts,
        next_attempt_at: d.nextAttemptAt,
        created_at: d.createdAt,
        delivered_at: d.deliveredAt,
      }))
    )
    .onConflict((oc) => oc.columns(["webhook_id", "case_event_id"]).doNothing())
    .execute();
}

export type DueDelivery = WebhookDelivery & { url: string; secret: string };

/** Deliveries to attempt now (of active webhooks), oldest first. */
export async function listDueDeliveries(db: Db, now: string, limit: number): Promise<DueDelivery[]> {
  const rows = await db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhooks as w", "w.id", "d.webhook_id")
    .selectAll("d")
    .select(["w.url", "w.secret"])
    .where("d.status", "=", "pending")
    .where("d.next_attempt_at", "<=", now)
    .where("w.active", "=", 1)
    .orderBy("d.created_at")
    .orderBy("d.id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...toDelivery(r), url: r.url, secret: r.secret }));
}

export async function insertAttempt(
  db: Db,
  attempt: { deliveryId: string; at: string; statusCode: number | null; error: string | null; durationMs: number }
): Promise<void> {
  await db
    .insertInto("webhook_attempts")
    .values({
      delivery_id: attempt.deliveryId,
      at: attempt.at,
      status_code: attempt.statusCode,
      error: attempt.error,
      duration_ms: attempt.durationMs,
    })
    .execute();
}

/** Logs one attempt and moves the delivery on (call inside a transaction). */
export async function recordAttempt(
  db: Db,
  attempt: { deliveryId: string; at: string; statusCode: number | null; error: string | null; durationMs: number },
  delivery: {
    status: WebhookDeliveryStatus;
    attempts: number;
    nextAttemptAt: string | null;
    deliveredAt: string | null;
  }
): Promise<void> {
  await insertAttempt(db, attempt);
  await db
    .updateTable("webhook_deliveries")
    .set({
      status: delivery.status,
      attempts: delivery.attempts,
      next_attempt_at: delivery.nextAttemptAt,
      delivered_at: delivery.deliveredAt,
    })
    .where("id", "=", attempt.deliveryId)
    .execute();
}

/** A webhook's deliveries, newest first. */
export async function listDeliveriesOfWebhook(db: Db, webhookId: number, limit = 50): Promise<WebhookDelivery[]> {
  const rows = await db
    .selectFrom("webhook_deliveries")
    .selectAll()
    .where("webhook_id", "=", webhookId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map(toDelivery);
}

export async function findDelivery(db: Db, id: string): Promise<WebhookDelivery | undefined> {
  const row = await db.selectFrom("webhook_deliveries").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toDelivery(row);
}

/** The attempts of these deliveries, oldest first. */
export async function listAttempts(db: Db, deliveryIds: readonly string[]): Promise<WebhookAttempt[]> {
  if (deliveryIds.length === 0) return [];
  const rows = await db
    .selectFrom("webhook_attempts")
    .selectAll()
    .where("delivery_id", "in", deliveryIds)
    .orderBy("id")
    .execute();
  return rows.map(toAttempt);
}
