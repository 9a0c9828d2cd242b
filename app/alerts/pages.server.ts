/**
 * The alerts' pages: /admin/webhooks and /admin/webhooks/:id (system
 * administrators), /admin/mail (failed emails and who is alerted; system
 * administrators), /admin/alerts (a manager's or administrator's own alerts).
 */
import { z } from "zod";
import {
  findWebhook,
  listAttempts,
  listDeliveriesOfWebhook,
  listMessagesOfUser,
  listUndeliveredMail,
  listWebhooks,
} from "~db/repositories/alerts";
import { SETTING_KEYS, getSetting, saveSettingAudited } from "~db/repositories/settings";
import { ADMIN_ONLY, MANAGERS, notFound, requireStaff, actorOf } from "~/admin/access.server";
import { type ActionResult, badIntent, done, failed, readForm, runForm, runWork } from "~/admin/forms.server";
import { validate } from "~/utils/problems";
import type { AppContext } from "~/context";
import { OPENED_AUDIENCES, WEBHOOK_EVENTS, parseOpenedAudience } from "~/domain/alerts";
import {
  type CreatedWebhook,
  createWebhook,
  deactivateWebhook,
  sendTestDelivery,
  webhookInput,
} from "./webhooks.server";

/** The events' checkbox names on the form: ev_opened, ev_due_soon, … */
export const eventField = (event: string) => `ev_${event.replace(/^case\./, "")}`;

export async function loadWebhooks(app: AppContext, request: Request) {
  await requireStaff(app, request, ADMIN_ONLY);
  const hooks = await listWebhooks(app.db);
  return {
    webhooks: hooks.map((h) => ({
      id: h.id,
      url: h.url,
      events: h.events.split(","),
      active: h.active === 1,
      createdAt: h.createdAt,
    })),
    events: WEBHOOK_EVENTS,
  };
}

export async function webhooksAction(
  app: AppContext,
  request: Request
): Promise<ActionResult<{ created?: CreatedWebhook }>> {
  const staff = await requireStaff(app, request, ADMIN_ONLY);
  const { intent, values } = await readForm(request);
  if (intent !== "create") return badIntent(staff.t);
  const parsed = validate(webhookInput, {
    url: values.url ?? "",
    events: WEBHOOK_EVENTS.filter((e) => values[eventField(e)] === "on"),
  });
  if (!parsed.ok) return failed("create", parsed.problems, values, staff.t);
  return runWork(staff.t, "create", values, async () => ({
    status: 200,
    body: { created: await createWebhook(app.db, actorOf(staff), app.now(), parsed.data) },
  }));
}

async function webhookOf(app: AppContext, rawId: string | undefined) {
  const id = Number(rawId);
  const hook = Number.isInteger(id) && id > 0 ? await findWebhook(app.db, id) : undefined;
  if (!hook) notFound();
  return hook;
}

export async function loadWebhook(app: AppContext, request: Request, rawId: string | undefined) {
  await requireStaff(app, request, ADMIN_ONLY);
  const hook = await webhookOf(app, rawId);
  const deliveries = await listDeliveriesOfWebhook(app.db, hook.id, 100);
  const attempts = await listAttempts(
    app.db,
    deliveries.map((d) => d.id)
  );
  return {
    webhook: {
      id: hook.id,
      url: hook.url,
      events: hook.events.split(","),
      active: hook.active === 1,
      createdAt: hook.createdAt,
    },
    deliveries: deliveries.map((d) => ({
      id: d.id,
      event: d.event,
      status: d.status,
      createdAt: d.createdAt,
      nextAttemptAt: d.nextAttemptAt,
      attempts: attempts
        .filter((a) => a.deliveryId === d.id)
        .map((a) => ({ at: a.at, statusCode: a.statusCode, error: a.error, durationMs: a.durationMs })),
    })),
  };
}

export async function webhookAction(
  app: AppContext,
  request: Request,
  rawId: string | undefined
): Promise<ActionResult<{ test?: { ok: boolean; status: number | null; error: string | null } }>> {
  const staff = await requireStaff(app, request, ADMIN_ONLY);
  const hook = await webhookOf(app, rawId);
  const { intent, values } = await readForm(request);
  const path = `/admin/webhooks/${hook.id}`;
  switch (intent) {
    case "deactivate":
      return runWork(staff.t, "state", values, async () => {
        await deactivateWebhook(app.db, actorOf(staff), app.now(), hook);
        done(path, "webhook_deactivated");
      });
    case "test":
      return runWork(staff.t, "test", values, async () => {
        const result = await sendTestDelivery(app.db, actorOf(staff), app.now(), hook);
        return { status: 200, body: { test: { ok: result.ok, status: result.statusCode, error: result.error } } };
      });
    default:
      return badIntent(staff.t);
  }
}

export async function loadMyAlerts(app: AppContext, request: Request) {
  const staff = await requireStaff(app, request, MANAGERS);
  const messages = await listMessagesOfUser(app.db, staff.user.id, 200);
  return {
    alerts: messages.map((m) => ({
      id: m.id,
      caseId: m.caseId,
      kind: m.kind,
      subject: m.subject,
      status: m.status,
      at: m.createdAt,
    })),
  };
}

export async function loadMail(app: AppContext, request: Request) {
  await requireStaff(app, request, ADMIN_ONLY);
  const rows = await listUndeliveredMail(app.db, 200);
  return {
    smtp: app.config.smtpUrl !== null,
    audience: parseOpenedAudience(await getSetting(app.db, SETTING_KEYS.alertsOpenedTo)),
    audiences: OPENED_AUDIENCES,
    messages: rows.map((m) => ({
      id: m.id,
      username: m.username,
      to: m.toAddress,
      subject: m.subject,
      status: m.status,
      attempts: m.attempts,
      error: m.lastError,
      nextAttemptAt: m.nextAttemptAt,
    })),
  };
}

const audienceSchema = z.object({ audience: z.enum(OPENED_AUDIENCES) });

export async function mailAction(app: AppContext, request: Request): Promise<ActionResult> {
  const staff = await requireStaff(app, request, ADMIN_ONLY);
  const { intent, values } = await readForm(request);
  if (intent !== "audience") return badIntent(staff.t);
  return runForm(staff.t, "audience", values, audienceSchema, async (input) => {
    const now = app.now();
    // The audit states the audience before as it applied (the default when none was stored).
    await app.db.transaction().execute((trx) =>
      saveSettingAudited(trx, actorOf(staff), now, SETTING_KEYS.alertsOpenedTo, input.audience, {
        auditedBefore: parseOpenedAudience,
      })
    );
    done("/admin/mail", "alert_settings_saved");
  });
}
