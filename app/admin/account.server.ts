/**
 * The signed-in user's own password. A change ends every session of the user
 * (sign-out everywhere) and starts a fresh one for this browser.
 */
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { findUserById } from "~db/repositories/users";
import { MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from "~/auth/password.server";
import { startSession } from "~/auth/session.server";
import type { AppContext } from "~/context.server";
import { type Staff, requireStaff } from "./access.server";
import { actorOf } from "./audit.server";
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

/** Changes the password; returns the Set-Cookie of the new session. */
export async function changeOwnPassword(
  app: AppContext,
  staff: Staff,
  request: Request,
  input: z.output<typeof passwordSchema>
): Promise<string> {
  // Guessing the current password counts against the same limit as signing in.
  const limiter = app.limiters.loginByUsername;
  const now = app.now().getTime();
  const wait = limiter.retryAfter(staff.user.username, now);
  if (wait > 0) reject("current", "throttled", { minutes: Math.ceil(wait / 60_000) });
  const user = await findUserById(app.db, staff.user.id);
  if (!user || !(await verifyPassword(input.current, user.password_hash))) {
    limiter.fail(staff.user.username, now);
    reject("current", "wrong_password");
  }
  if (input.password === input.current) reject("password", "password_unchanged");
  await replacePassword(app.db, actorOf(staff), app.now(), user, await hashPassword(input.password), "change_password");
  return startSession(app, user.id, request);
}

export async function accountAction(app: AppContext, request: Request): Promise<ActionResult> {
  const staff = await requireStaff(app, request, EVERYONE);
  const { intent, values } = await readForm(request);
  if (intent !== "password") return badIntent(staff.t);
  return runForm(staff.t, "password", values, passwordSchema, async (input) => {
    const cookie = await changeOwnPassword(app, staff, request, input);
    throw redirect("/admin/account?notice=password_changed", { headers: { "Set-Cookie": cookie } });
  });
}
