import { redirect } from "@remix-run/node";
import { z } from "zod";
import type { AppContext } from "~/context.server";
import { getT, pageLanguage } from "~/i18n/i18n.server";
import { checkCredentials } from "./login.server";
import { safeRedirect, startSession } from "./session.server";

const loginForm = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(1000),
  redirectTo: z.string().optional(),
});

/** Signs in and redirects, or returns the form's error and what was typed (never the password). */
export async function loginAction(app: AppContext, request: Request) {
  const t = getT(await pageLanguage(request));
  const form = Object.fromEntries(await request.formData());
  const parsed = loginForm.safeParse(form);
  const username = typeof form.username === "string" ? form.username.slice(0, 100) : "";
  if (!parsed.success) return { status: 400, error: t("admin:login.failed"), username };
  const user = await checkCredentials(app, parsed.data.username, parsed.data.password);
  if (!user) return { status: 400, error: t("admin:login.failed"), username };
  const cookie = await startSession(app, user.id, request);
  throw redirect(safeRedirect(parsed.data.redirectTo), { headers: { "Set-Cookie": cookie } });
}
