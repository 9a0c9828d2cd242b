/**
 * Sending what dispatch stored: webhook deliveries (POST, signed, 10 s limit)
 * and alert emails. A failure is tried again with growing pauses for a day
 * (domain/alerts.ts nextAttemptAt); every webhook attempt is logged.
 */
import crypto from "node:crypto";
import type { DB } from "~db/connection";
import {
  type DueDelivery,
  listDueDeliveries,
  listDueMessages,
  recordAttempt,
  updateMessage,
} from "~db/repositories/alerts";
import { nextAttemptAt } from "~/domain/alerts";
import { hmacHex } from "~/utils/crypto.server";
import type { Mailer } from "./mailer.server";

export const WEBHOOK_TIMEOUT_MS = 10_000;

/** The X-HaiLong-Signature value of a body. */
export function signature(secret: string, body: string): string {
  return `sha256=${hmacHex(secret, body)}`;
}

export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** One POST of a delivery's stored body. Redirects are not followed (a receiver answers itself). */
export async function postDelivery(
  d: Pick<DueDelivery, "id" | "url" | "secret" | "event" | "payload">,
  timeoutMs = WEBHOOK_TIMEOUT_MS
): Promise<AttemptResult> {
  const started = performance.now();
  try {
    const response = await fetch(d.url, {
      method: "POST",
      body: d.payload,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        "content-type": "application/json; charset=utf-8",
        "user-agent": "HaiLong-Webhooks/1",
        "x-hailong-event": d.event,
        "x-hailong-delivery": d.id,
        "x-hailong-signature": signature(d.secret, d.payload),
      },
    });
    await response.body?.cancel().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    return {
      ok,
      statusCode: response.status,
      error: ok ? null : `HTTP ${response.status}`,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    const err = error as Error & { cause?: { code?: string } };
    const message = err.name === "TimeoutError" ? `timeout after ${timeoutMs} ms` : (err.cause?.code ?? err.message);
    return {
      ok: false,
      statusCode: null,
      error: message.slice(0, 500),
      durationMs: Math.round(performance.now() - started),
    };
  }
}

/** Attempts the webhook deliveries that are due; returns how many were attempted. */
export async function deliverDueWebhooks(
  db: DB,
  now: () => Date,
  options: { limit?: number; deadline?: number; timeoutMs?: number } = {}
): Promise<number> {
  const due = await listDueDeliveries(db, now().toISOString(), options.limit ?? 50);
  let attempted = 0;
  for (const d of due) {
    if (options.deadline !== undefined && Date.now() > options.deadline) break;
    const result = await postDelivery(d, options.timeoutMs);
    const at = now();
    const attempts = d.attempts + 1;
    const next = result.ok ? null : nextAttemptAt(new Date(d.createdAt), at, attempts);
    await db.transaction().execute((trx) =>
      recordAttempt(
        trx,
        {
          deliveryId: d.id,
          at: at.toISOString(),
          statusCode: result.statusCode,
          error: result.error,
          durationMs: result.durationMs,
        },
        {
          status: result.ok ? "delivered" : next ? "pending" : "failed",
          attempts,
          nextAttemptAt: next?.toISOString() ?? null,
          deliveredAt: result.ok ? at.toISOString() : null,
        }
      )
    );
    attempted++;
  }
  return attempted;
}

/** Sends the alert emails that are due; returns how many were tried. */
export async function sendDueMail(
  db: DB,
  mailer: Mailer,
  now: () => Date,
  options: { limit?: number; deadline?: number } = {}
): Promise<number> {
  const due = await listDueMessages(db, now().toISOString(), options.limit ?? 50);
  let tried = 0;
  for (const m of due) {
    if (options.deadline !== undefined && Date.now() > options.deadline) break;
    tried++;
    try {
      await mailer.send({ to: m.toAddress!, subject: m.subject, text: m.body });
      const at = now().toISOString();
      await updateMessage(db, m.id, {
        status: "sent",
        attempts: m.attempts + 1,
        nextAttemptAt: null,
        lastError: null,
        sentAt: at,
      });
    } catch (error) {
      const attempts = m.attempts + 1;
      const next = nextAttemptAt(new Date(m.createdAt), now(), attempts);
      await updateMessage(db, m.id, {
        status: next ? "pending" : "failed",
        attempts,
        nextAttemptAt: next?.toISOString() ?? null,
        lastError: String((error as Error).message ?? error).slice(0, 500),
      });
    }
  }
  return tried;
}

export function newDeliveryId(): string {
  return crypto.randomUUID();
}
