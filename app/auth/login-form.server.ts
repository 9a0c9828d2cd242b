import { redirect } from "@remix-run/node";
import { z } from "zod";
import type { AppContext } from "~/context";
import { type ServerT, getT, pageLanguage } from "~/i18n/i18n.server";
import { PUBLIC_FORM_BYTES, readFormData } from "~/utils/body.server";
import { type PasswordRefusal, attemptPassword } from "./attempts.server";
import { checkCredentials } from "./login.server";
import { safeRedirect, startSession } from "./session.server";

const loginForm = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(1000),
  redirectTo: z.string().optional(),
});

/**
 * Signs in and redirects, or returns the form's error and what was typed
 * (never the password). The limits on guessing (app/auth/attempts.server.ts)
 * answer 429, or 503 when too many passwords are being checked at once,
 * without checking the password; a wrong password and an unknown username
 * read the same.
 */
export async function loginAction(app: AppContext, request: Request, clientIp: string) {
  const refusal = await signIn(app, request, clientIp);
  // The refusal is a page to render (a few ms each): a burst of 1,000 takes its turns
  // with the kiosk's and the API's requests instead of delaying them all by seconds.
  await app.passwords.turn();
  return refusal;
}

/** Seconds a client is told to wait after "busy": the line of checks clears in about that. */
const BUSY_RETRY_AFTER_S = 5;

/** The status, words and Retry-After (seconds) of a sign-in refused without checking its password. */
export function refusalAnswer(t: ServerT, refusal: PasswordRefusal) {
  if (refusal.outcome === "busy") {
    return { status: 503, error: t("admin:login.busy"), retryAfter: BUSY_RETRY_AFTER_S };
  }
  return {
    status: 429,
    error: t("admin:login.throttled", { minutes: Math.ceil(refusal.retryAfterMs / 60_000) }),
    retryAfter: Math.ceil(refusal.retryAfterMs / 1000),
  };
}

/** Why a sign-in did not go through: its status, words, what was typed (never the password) and, when waiting helps, for how long. */
export interface SignInRefusal {
  status: number;
  error: string;
  username: string;
  retryAfter?: number;
}

/** Throws the redirect of a successful sign-in, or returns why not. */
async function signIn(app: AppContext, request: Request, clientIp: string): Promise<SignInRefusal> {
  const t = getT(await pageLanguage(request));
  const form = Object.fromEntries(await readFormData(request, PUBLIC_FORM_BYTES));
  const parsed = loginForm.safeParse(form);
  const username = typeof form.username === "string" ? form.username.slice(0, 100) : "";
  if (!parsed.success) return { status: 400, error: t("admin:login.failed"), username };
  const attempt = await attemptPassword(
    app.passwords,
    { username: parsed.data.username, address: clientIp },
    app.now().getTime(),
    () => checkCredentials(app, parsed.data.username, parsed.data.password)
  );
  switch (attempt.outcome) {
    case "throttled":
    case "busy":
      return { ...refusalAnswer(t, attempt), username };
    case "wrong":
      return { status: 400, error: t("admin:login.failed"), username };
  }
  // Where to go is settled before the session is stored: nothing is written for an answer that could fail.
  const next = safeRedirect(parsed.data.redirectTo);
  const cookie = await startSession(app, attempt.value.id, request);
  throw redirect(next, { headers: { "Set-Cookie": cookie } });
}
