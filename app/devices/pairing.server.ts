import { redirect } from "@remix-run/node";
import { z } from "zod";
import { isSecureRequest } from "~/auth/session.server";
import type { AppContext } from "~/context";
import { getT, pageLanguage } from "~/i18n/i18n.server";
import { bundlesFor } from "~/i18n/resources.server";
import { recordAudit } from "~db/repositories/audit";
import { PUBLIC_FORM_BYTES, readFormData } from "~/utils/body.server";
import { PAIRING_CODE_PATTERN, pairWithCode } from "./devices.server";
import { PAIRING_FAILURES_ALL } from "./pairing-limits.server";
import { serializeDeviceCookie } from "./device-cookie.server";

export async function loadPairing(request: Request) {
  const url = new URL(request.url);
  const lang = await pageLanguage(request);
  const code = url.searchParams.get("code") ?? "";
  return {
    i18n: bundlesFor(lang, ["kiosk"]),
    code: PAIRING_CODE_PATTERN.test(code) ? code : "",
    revoked: url.searchParams.get("reason") === "revoked",
  };
}

/** Spaces are dropped: a printed sheet shows its twelve digits in groups of four. */
const pairingForm = z.object({
  code: z
    .string()
    .transform((v) => v.replace(/\s+/g, ""))
    .pipe(z.string().regex(PAIRING_CODE_PATTERN)),
});

/** Who the audit log names for what the server does by itself (not a valid username). */
const SERVER_ACTOR = { id: null, username: "[server]" };
const ALL = "all";

/**
 * Pairs this browser as a desk's kiosk, or says why not: 400 (wrong code),
 * 429 (this address guessed too often) or 503 (guessing from everywhere
 * together has paused pairing). Each guess is counted before the code is
 * checked (app/devices/pairing-limits.server.ts); a right one is given back.
 */
export async function pairAction(app: AppContext, request: Request, clientIp: string) {
  const t = getT(await pageLanguage(request));
  const form = Object.fromEntries(await readFormData(request, PUBLIC_FORM_BYTES));
  const now = app.now();
  const at = now.getTime();
  const { byAddress, all } = app.limiters.pairing;
  const wait = byAddress.retryAfter(clientIp, at);
  if (wait > 0) {
    app.metrics.throttled("pairing");
    return { status: 429, error: t("kiosk:pair.too_many_attempts", { minutes: Math.ceil(wait / 60_000) }) };
  }
  const parsed = pairingForm.safeParse(form);
  if (!parsed.success) return { status: 400, error: t("kiosk:pair.code_format") };
  const paused = all.retryAfter(ALL, at);
  if (paused > 0) app.metrics.throttled("pairing_paused");
  if (paused > 0) return { status: 503, error: t("kiosk:pair.paused", { minutes: Math.ceil(paused / 60_000) }) };
  // Synchronous from the checks to here: concurrent guesses cannot all pass them.
  const counted = [byAddress.record(clientIp, at), all.record(ALL, at)];
  const usedTheLastGuess = all.retryAfter(ALL, at) > 0;
  const giveBack = () => counted.forEach((release) => release());
  let paired;
  try {
    paired = await pairWithCode(app.db, app.config.sessionSecret, parsed.data.code, now);
  } catch (error) {
    giveBack();
    throw error;
  }
  if (!paired) {
    // Once per pause: by the guess that filled the limit, if it stays filled.
    const pauseMs = usedTheLastGuess ? all.retryAfter(ALL, at) : 0;
    if (pauseMs > 0) await recordPause(app, now, pauseMs);
    return { status: 400, error: t("kiosk:pair.invalid_code") };
  }
  giveBack();
  byAddress.reset(clientIp);
  throw redirect("/kiosk", {
    headers: { "Set-Cookie": await serializeDeviceCookie(paired.token, isSecureRequest(request)) },
  });
}

/** The audit entry for a pause: administrators see that codes are being guessed, and for how long pairing waits. */
async function recordPause(app: AppContext, now: Date, pauseMs: number) {
  app.log.warn({ failures: PAIRING_FAILURES_ALL }, "pairing paused: too many wrong codes from all addresses");
  await recordAudit(app.db, SERVER_ACTOR, now, {
    action: "pairing_paused",
    entity: "device",
    entityId: null,
    unitId: null,
    after: { failed_attempts: PAIRING_FAILURES_ALL, paused_until: new Date(now.getTime() + pauseMs).toISOString() },
  });
}
