/**
 * The signed-in user's own password. A change ends every session of the user
 * (sign-out everywhere) and starts a fresh one for this browser.
 */
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { findUserById } from "~db/repositories/users";
import { MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from "~/auth/password.server";
import { attemptPassword } from "~/auth/attempts.server";
import { startSession } from "~/auth/session.server";
import type { AppContext } from "~/context";
import { type Staff, actorOf, requireStaff } from "./access.server";
import { type ActionResult, badIntent, readForm, reject, runForm } from "./forms.server";
import { replacePassword } from "./users.server";

const EVERYONE = ["admin", "manager", "viewer"] as const;

export async function loadAccount(app: AppContext, request: Request) {
  const staff = await requireStaff(app, request, EVERYONE);
  return {
    username: staff.user.username,
    role: staff.user.role,
    minPassword: MIN_PASSWORD_LENGTH,
  };
}

const passwordSchema = z
  .object({
    current: z.string().min(1).max(200),
    password: z.string().min(MIN_PASSWORD_LENGTH).max(200),
    confirm: z.string().max(200),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], params: { code: "passwords_differ" } });

/**
 * Changes the password; returns the Set-Cookie of the new session. Guessing
 * the current password is held to the same limits as signing in
 * (app/auth/attempts.server.ts), counted for this user and the client's address.
 */
export async function changeOwnPassword(
  app: AppContext,
  staff: Staff,
  request: Request,
  clientIp: string,
  input: z.output<typeof passwordSchema>
): Promise<string> {
  const attempt = await attemptPassword(
    app.passwords,
    { username: staff.user.username, address: clientIp },
    app.now().getTime(),
    async () => {
      const user = await findUserById(app.db, staff.user.id);
      return user && (await verifyPassword(input.current, user.passwordHash)) ? user : null;
    }
  );
  if (attempt.outcome === "throttled") {
    reject("current", "throttled", { minutes: Math.ceil(attempt.retryAfterMs / 60_000) }, 429);
  }
  if (attempt.outcome === "busy") reject("current", "busy", undefined, 503);
  if (attempt.outcome === "wrong") reject("current", "wrong_password");
  const user = attempt.value;
  if (input.password === input.current) reject("password", "password_unchanged");
  await replacePassword(app.db, actorOf(staff), app.now(), user, await hashPassword(input.password), "change_password");
  return startSession(app, user.id, request);
}

export async function accountAction(app: AppContext, request: Request, clientIp: string): Promise<ActionResult> {
  const staff = await requireStaff(app, request, EVERYONE);
  const { intent, values } = await readForm(request);
  if (intent !== "password") return badIntent(staff.t);
  return runForm(staff.t, "password", values, passwordSchema, async (input) => {
    const cookie = await changeOwnPassword(app, staff, request, clientIp, input);
    throw redirect("/admin/account?notice=password_changed", { headers: { "Set-Cookie": cookie } });
  });
}
