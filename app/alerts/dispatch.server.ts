/**
 * Turns new case_events rows into alert messages and webhook deliveries. The
 * rows are read after a cursor kept in the database, and the messages,
 * deliveries and the cursor's move are written in one transaction: a restart
 * loses nothing and sends nothing twice. Messages and deliveries are also
 * unique per event and recipient, so an event read twice is stored once.
 */
import crypto from "node:crypto";
import type { DB } from "~db/connection";
import {
  type CaseEventForAlert,
  advanceCursor,
  findRecipient,
  insertAlertMessages,
  insertDeliveries,
  listCaseEventsAfter,
  listManagersOfUnitCodes,
  listWebhooks,
  type Webhook,
  readCursor,
  unitAndParents,
  type AlertRecipient,
} from "~db/repositories/alerts";
import { SETTING_KEYS, getSetting } from "~db/repositories/settings";
import {
  type AlertKind,
  type OpenedAudience,
  alertKindOf,
  escalationUnitCodes,
  openedUnitCodes,
  parseOpenedAudience,
  webhookEventOf,
} from "~/domain/alerts";
import { alertMail, caseForWebhook, webhookBody } from "./messages.server";

export const CASE_EVENTS_CURSOR = "case_events";
/** A hole in the ids older than this is a rolled-back insert, not one still being written (PostgreSQL). */
const GAP_WAIT_MS = 60_000;

export interface DispatchOptions {
  now: Date;
  /** The app's address for links (PUBLIC_URL). */
  baseUrl: string;
  /** Whether emails can be sent (SMTP_URL); otherwise alerts are in the app only. */
  mail: boolean;
  batch?: number;
}

/** Who is told of this event, each once. */
async function recipientsOf(
  db: DB,
  kind: AlertKind,
  e: CaseEventForAlert,
  audience: OpenedAudience
): Promise<AlertRecipient[]> {
  const chain = await unitAndParents(db, e.unitId);
  const found: AlertRecipient[] = [];
  if (kind === "opened") {
    found.push(...(await listManagersOfUnitCodes(db, openedUnitCodes(chain, audience))));
  } else {
    const assignee = e.assigneeUserId === null ? undefined : await findRecipient(db, e.assigneeUserId);
    if (assignee) found.push(assignee);
    found.push(...(await listManagersOfUnitCodes(db, escalationUnitCodes(chain, kind, assignee !== undefined))));
  }
  const seen = new Set<number>();
  return found.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

function subscribed(hook: Webhook, event: string): boolean {
  return hook.events.split(",").includes(event);
}

/** Dispatches up to one batch of new events; returns how many were read. */
export async function dispatchCaseEvents(db: DB, options: DispatchOptions): Promise<number> {
  const nowIso = options.now.toISOString();
  return db.transaction().execute(async (trx) => {
    const from = await readCursor(trx, CASE_EVENTS_CURSOR);
    const events = await listCaseEventsAfter(trx, from, options.batch ?? 200);
    if (events.length === 0) return 0;
    const hooks = await listWebhooks(trx, { active: true });
    const audience = parseOpenedAudience(await getSetting(trx, SETTING_KEYS.alertsOpenedTo));
    for (const e of events) {
      const kind = alertKindOf(e.type);
      if (kind) {
        const recipients = await recipientsOf(trx, kind, e, audience);
        await insertAlertMessages(
          trx,
          recipients.map((r) => {
            const mail = alertMail(kind, e, r.username, options.baseUrl);
            const byMail = options.mail && r.email !== null && r.email !== "";
            return {
              caseEventId: e.eventId,
              caseId: e.caseId,
              userId: r.id,
              kind,
              toAddress: byMail ? r.email : null,
              subject: mail.subject,
              body: mail.body,
              status: byMail ? "pending" : "in_app",
              nextAttemptAt: byMail ? nowIso : null,
              createdAt: nowIso,
            };
          })
        );
      }
      const event = webhookEventOf(e.type);
      if (event) {
        const body = { case: caseForWebhook(e, options.baseUrl) };
        await insertDeliveries(
          trx,
          hooks
            .filter((h) => subscribed(h, event))
            .map((h) => {
              const id = crypto.randomUUID();
              return {
                id,
                webhookId: h.id,
                caseEventId: e.eventId,
                event,
                payload: webhookBody(event, id, e.at, body),
                status: "pending" as const,
                nextAttemptAt: nowIso,
                createdAt: nowIso,
              };
            })
        );
      }
    }
    // The cursor passes an id hole only once it is old: a PostgreSQL insert
    // still in flight commits a lower id later. Events read again meanwhile are stored once.
    let to = from;
    for (const e of events) {
      if (e.eventId !== to + 1 && options.now.getTime() - Date.parse(e.at) < GAP_WAIT_MS) break;
      to = e.eventId;
    }
    if (to > from && !(await advanceCursor(trx, CASE_EVENTS_CURSOR, from, to))) {
      // Another dispatcher moved it meanwhile: roll back, the next turn reads again.
      throw new CursorMoved();
    }
    return events.length;
  });
}

export class CursorMoved extends Error {}
