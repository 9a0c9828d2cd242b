/** Officials for tests against the built server: accounts made with the CLI, sessions from /login. */
import { expect } from "vitest";
import { runCli } from "~/cli/main.server";

/** Creates an account through the CLI with a known password. */
export async function createAccount(
  databaseUrl: string,
  account: { username: string; role: "admin" | "manager" | "viewer"; unit?: string; password: string }
): Promise<void> {
  const err: string[] = [];
  const code = await runCli(
    [
      "user:create",
      "--username",
      account.username,
      "--role",
      account.role,
      ...(account.unit ? ["--unit", account.unit] : []),
    ],
    { out: () => {}, err: (s) => err.push(s), readStdin: async () => account.password },
    { NODE_ENV: "test", DATABASE_URL: databaseUrl, SESSION_SECRET: "x".repeat(40) }
  );
  expect(code, err.join("\n")).toBe(0);
}

/** Signs in through the login form (as the app's own page would post it); returns the Cookie header. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: baseUrl, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password, redirectTo: "/admin" }),
  });
  expect(res.status, `sign-in of ${username}`).toBe(302);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("hl_session="));
  expect(cookie, `session cookie of ${username}`).toBeDefined();
  return cookie!.split(";")[0];
}

/** A form post from the app's own pages. */
export function postForm(baseUrl: string, path: string, form: Record<string, string>, cookie?: string) {
  return fetch(`${baseUrl}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      origin: baseUrl,
      "content-type": "application/x-www-form-urlencoded",
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(form),
  });
}
