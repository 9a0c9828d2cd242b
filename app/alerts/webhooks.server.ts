/**
 * Webhooks for the province's own channels: created from the CLI or
 * /admin/webhooks (system administrators), deactivated, tried with «gửi thử».
 * Every change is audited; the secret is shown once, at creation.
 */
import { z } from "zod";
import type { DB } from "~db/connection";
import {
  findWebhook,
  insertAttempt,
  insertDeliveries,
  insertWebhook,
  setWebhookActive,
  type Webhook,
} from "~db/repositories/alerts";
import { recordAudit } from "~db/repositories/audit";
import type { Actor } from "~/domain/audit";
import { TEST_EVENT, WEBHOOK_EVENTS, type WebhookEvent } from "~/domain/alerts";
import { randomToken } from "~/utils/crypto.server";
import { type AttemptResult, newDeliveryId, postDelivery } from "./deliver.server";
import { webhookBody } from "./messages.server";

/** http(s) only: anything else (file:, ftp:, javascript:) is refused. */
export const webhookUrl = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .refine(
    (v) => {
      if (!URL.canParse(v)) return false;
      const url = new URL(v);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
    },
    { params: { code: "webhook_url" } }
  );

export const webhookEvents = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1)
  .transform((events) => WEBHOOK_EVENTS.filter((e) => events.includes(e)));

export const webhookInput = z.object({ url: webhookUrl, events: webhookEvents });
export type WebhookInput = z.output<typeof webhookInput>;

export interface CreatedWebhook {
  id: number;
  url: string;
  events: WebhookEvent[];
  secret: string;
  active: boolean;
  createdAt: string;
}

function auditValues(w: Pick<Webhook, "url" | "events" | "active">) {
  return { url: w.url, events: w.events, active: w.active };
}

export async function createWebhook(db: DB, actor: Actor, now: Date, input: WebhookInput): Promise<CreatedWebhook> {
  const secret = randomToken(32);
  return db.transaction().execute(async (trx) => {
    const hook = await insertWebhook(trx, {
      url: input.url,
      events: input.events.join(","),
      secret,
      createdAt: now.toISOString(),
    });
    // The secret is never written to the audit log.
    await recordAudit(trx, actor, now, {
      action: "create",
      entity: "webhook",
      entityId: hook.id,
      unitId: null,
      after: auditValues(hook),
    });
    return { id: hook.id, url: hook.url, events: input.events, secret, active: true, createdAt: hook.createdAt };
  });
}

export async function deactivateWebhook(db: DB, actor: Actor, now: Date, hook: Webhook): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await setWebhookActive(trx, hook.id, false);
    await recordAudit(trx, actor, now, {
      action: "disable",
      entity: "webhook",
      entityId: hook.id,
      unitId: null,
      before: auditValues(hook),
      after: auditValues({ ...hook, active: 0 }),
    });
  });
}

/** «Gửi thử»: one signed POST of a `ping` now, logged as a delivery with its attempt; not retried. */
export async function sendTestDelivery(db: DB, actor: Actor, now: Date, hook: Webhook): Promise<AttemptResult> {
  const id = newDeliveryId();
  const payload = webhookBody(TEST_EVENT, id, now.toISOString(), { webhook: { id: hook.id } });
  const result = await postDelivery({ id, url: hook.url, secret: hook.secret, event: TEST_EVENT, payload });
  await db.transaction().execute(async (trx) => {
    await insertDeliveries(trx, [
      {
        id,
        webhookId: hook.id,
        caseEventId: null,
        event: TEST_EVENT,
        payload,
        status: result.ok ? "delivered" : "failed",
        attempts: 1,
        nextAttemptAt: null,
        createdAt: now.toISOString(),
        deliveredAt: result.ok ? now.toISOString() : null,
      },
    ]);
    await insertAttempt(trx, {
      deliveryId: id,
      at: now.toISOString(),
      statusCode: result.statusCode,
      error: result.error,
      durationMs: result.durationMs,
    });
    await recordAudit(trx, actor, now, {
      action: "send_test",
      entity: "webhook",
      entityId: hook.id,
      unitId: null,
      after: { delivery: id, status: result.statusCode, error: result.error },
    });
  });
  return result;
}

export { findWebhook };
