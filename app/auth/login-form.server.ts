import { redirect } from "@remix-run/node";
import { z } from "zod";
import type { AppContext } from "~/context.server";
import { getT, pageLanguage } from "~/i18n/i18n.server";
import { PUBLIC_FORM_BYTES, readFormData } from "~/utils/body.server";
import { checkCredentials } from "./login.server";
import { safeRedirect, startSession } from "./session.server";

const loginForm = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(1000),
  redirectTo: z.string().optional(),
});

/**
 * Signs in and redirects, or returns the form's error and what was typed
 * (never the password). After 5 failures in 15 minutes for a username, or
 * from an address, further attempts wait (429) without checking the password;
 * a wrong password and an unknown username read the same.
 */
export async function loginAction(app: AppContext, request: Request, clientIp: string) {
  const t = getT(await pageLanguage(request));
  const form = Object.fromEntries(await readFormData(request, PUBLIC_FORM_BYTES));
  const parsed = loginForm.safeParse(form);
  const username = typeof form.username === "string" ? form.username.slice(0, 100) : "";
  if (!parsed.success) return { status: 400, error: t("admin:login.failed"), username };
  const now = app.now().getTime();
  const userKey = parsed.data.username.toLowerCase();
  const { loginByUsername, loginByIp } = app.limiters;
  const wait = Math.max(loginByUsername.retryAfter(userKey, now), loginByIp.retryAfter(clientIp, now));
  if (wait > 0) {
    return { status: 429, error: t("admin:login.throttled", { minutes: Math.ceil(wait / 60_000) }), username };
  }
  const user = await checkCredentials(app, parsed.data.username, parsed.data.password);
  if (!user) {
    loginByUsername.fail(userKey, now);
    loginByIp.fail(clientIp, now);
    return { status: 400, error: t("admin:login.failed"), username };
  }
  // The address keeps its count: one good account must not buy guesses at others.
  loginByUsername.reset(userKey);
  // Where to go is settled before the session is stored: nothing is written for an answer that could fail.
  const next = safeRedirect(parsed.data.redirectTo);
  const cookie = await startSession(app, user.id, request);
  throw redirect(next, { headers: { "Set-Cookie": cookie } });
}
