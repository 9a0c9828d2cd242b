import { redirect } from "@remix-run/node";
import { z } from "zod";
import { isSecureRequest } from "~/auth/session.server";
import type { AppContext } from "~/context.server";
import { getT, pageLanguage } from "~/i18n/i18n.server";
import { bundlesFor } from "~/i18n/resources.server";
import { PUBLIC_FORM_BYTES, readFormData } from "~/utils/body.server";
import { PAIRING_CODE_PATTERN, pairWithCode } from "./devices.server";
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

const pairingForm = z.object({ code: z.string().trim().regex(PAIRING_CODE_PATTERN) });

/** Pairs this browser as a desk's kiosk, or says why not (status 400/429). */
export async function pairAction(app: AppContext, request: Request, clientIp: string) {
  const t = getT(await pageLanguage(request));
  const form = Object.fromEntries(await readFormData(request, PUBLIC_FORM_BYTES));
  const now = app.now();
  const wait = app.limiters.pairing.retryAfter(clientIp, now.getTime());
  if (wait > 0) {
    return { status: 429, error: t("kiosk:pair.too_many_attempts", { minutes: Math.ceil(wait / 60_000) }) };
  }
  const parsed = pairingForm.safeParse(form);
  if (!parsed.success) return { status: 400, error: t("kiosk:pair.code_format") };
  const paired = await pairWithCode(app.db, parsed.data.code, now);
  if (!paired) {
    app.limiters.pairing.fail(clientIp, now.getTime());
    return { status: 400, error: t("kiosk:pair.invalid_code") };
  }
  app.limiters.pairing.reset(clientIp);
  throw redirect("/kiosk", {
    headers: { "Set-Cookie": await serializeDeviceCookie(paired.token, isSecureRequest(request)) },
  });
}
