/**
 * Duty at a desk (ADR 056): from the tablet's staff corner (/kiosk/duty) an
 * officer signs in with their code and PIN; the kiosk then names them to the
 * citizen, and the ingest attributes the desk's responses to them until they
 * sign out, another officer signs in at the desk, or DUTY_HOURS pass.
 *
 * Guessing a PIN is throttled twice: PIN_FAILURES_TO_LOCK wrong PINs in a row
 * lock that officer's PIN for PIN_LOCK_MS (kept in the database, so every
 * server and restart sees it), and a tablet may try at most
 * TABLET_FAILURES wrong sign-ins per TABLET_WINDOW_MS (in memory, per process).
 */
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { findDeskById } from "~db/repositories/desks";
import {
  clearPinFailures,
  endDutyAtDesk,
  findDutyAt,
  findPinState,
  recordPinFailure,
  startDuty,
} from "~db/repositories/officers";
import { verifyAgainstDummy, verifyPassword } from "~/auth/password.server";
import type { AppContext } from "~/context";
import { getT, pageLanguage } from "~/i18n/i18n.server";
import { bundlesFor } from "~/i18n/resources.server";
import { requireKioskDevice } from "~/kiosk/kiosk.server";
import { PUBLIC_FORM_BYTES, readFormData } from "~/utils/body.server";
import { createRateLimiter, type RateLimiter } from "~/utils/rate-limit.server";
import { formatDateTime } from "~/utils/format";

export const DUTY_HOURS = 8;
export const DUTY_MS = DUTY_HOURS * 60 * 60 * 1000;
export const PIN_FAILURES_TO_LOCK = 5;
export const PIN_LOCK_MS = 15 * 60 * 1000;
export const TABLET_FAILURES = 10;
export const TABLET_WINDOW_MS = 15 * 60 * 1000;

const tabletLimiters = new WeakMap<object, RateLimiter>();
function tabletLimiter(app: AppContext): RateLimiter {
  let limiter = tabletLimiters.get(app);
  if (!limiter) {
    limiter = createRateLimiter({ limit: TABLET_FAILURES, windowMs: TABLET_WINDOW_MS });
    tabletLimiters.set(app, limiter);
  }
  return limiter;
}

export async function loadDuty(app: AppContext, request: Request) {
  const { device } = await requireKioskDevice(app, request);
  const lang = await pageLanguage(request);
  const now = app.now();
  const duty = await findDutyAt(app.db, device.deskId, now.toISOString());
  return {
    i18n: bundlesFor(lang, ["kiosk"]),
    desk: device.deskName,
    duty: duty ? { name: duty.officerName, until: formatDateTime(duty.endsAt, lang) } : null,
  };
}

const signInForm = z.object({
  code: z.string().trim().min(1).max(40),
  pin: z
    .string()
    .trim()
    .regex(/^[0-9]{4,8}$/),
});

/** Signs an officer in or out at the tablet's desk; errors as { status, error }, success redirects to the kiosk. */
export async function dutyAction(app: AppContext, request: Request): Promise<{ status: number; error: string }> {
  const { device } = await requireKioskDevice(app, request);
  const t = getT(await pageLanguage(request));
  const form = Object.fromEntries(await readFormData(request, PUBLIC_FORM_BYTES));
  const now = app.now();
  const at = now.toISOString();
  if (form.intent === "sign_out") {
    await endDutyAtDesk(app.db, device.deskId, at);
    throw redirect("/kiosk");
  }
  const limiter = tabletLimiter(app);
  const key = String(device.deviceId);
  const wait = limiter.retryAfter(key, now.getTime());
  if (wait > 0) return { status: 429, error: t("kiosk:duty.too_many", { minutes: Math.ceil(wait / 60_000) }) };
  const parsed = signInForm.safeParse(form);
  if (!parsed.success) return { status: 400, error: t("kiosk:duty.format") };
  // Counted before the PIN is checked; given back when right.
  const release = limiter.record(key, now.getTime());
  const officer = await findPinState(app.db, parsed.data.code);
  if (officer?.pinLockedUntil && officer.pinLockedUntil > at) {
    const minutes = Math.ceil((Date.parse(officer.pinLockedUntil) - now.getTime()) / 60_000);
    return { status: 429, error: t("kiosk:duty.too_many", { minutes }) };
  }
  const desk = officer?.active ? await findDeskById(app.db, officer.deskId) : undefined;
  const right =
    officer?.pinHash && desk && desk.unitId === device.unitId
      ? await verifyPassword(parsed.data.pin, officer.pinHash)
      : await verifyAgainstDummy(parsed.data.pin);
  if (!right) {
    if (officer)
      await recordPinFailure(
        app.db,
        officer.id,
        PIN_FAILURES_TO_LOCK,
        new Date(now.getTime() + PIN_LOCK_MS).toISOString()
      );
    return { status: 400, error: t("kiosk:duty.wrong") };
  }
  release();
  await app.db.transaction().execute(async (trx) => {
    await clearPinFailures(trx, officer!.id);
    await startDuty(trx, {
      officerId: officer!.id,
      deskId: device.deskId,
      deviceId: device.deviceId,
      at,
      endsAt: new Date(now.getTime() + DUTY_MS).toISOString(),
    });
  });
  throw redirect("/kiosk");
}
