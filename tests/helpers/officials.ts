/** Officials for tests against the built server: accounts made with the CLI, sessions from /login, officers with answers. */
import { expect } from "vitest";
import { openDatabase } from "~db/connection";
import { findDeskByCode } from "~db/repositories/desks";
import { insertOfficer } from "~db/repositories/officers";
import { insertResponses } from "~db/repositories/responses";
import { applyToRollups } from "~db/repositories/rollups";
import { runCli } from "~/cli/main.server";
import type { UnitLevel } from "~/domain/response";
import { toResponseRow } from "~/ingest/rows.server";
import { plainItem } from "./reports";

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

/**
 * An officer at a desk of a built server's database with `answers` answers of
 * the last hour attributed to them (as a duty or a dossier would), stored and
 * added to the rollups as the ingest does.
 */
export async function officerWithAnswers(
  databaseUrl: string,
  input: { desk: string; code: string; name: string; answers: number }
): Promise<void> {
  const handle = openDatabase(databaseUrl);
  try {
    await handle.db.transaction().execute(async (trx) => {
      const desk = (await findDeskByCode(trx, input.desk))!;
      const unit = (await trx
        .selectFrom("units")
        .select(["id", "level"])
        .where("id", "=", desk.unitId)
        .executeTakeFirstOrThrow()) as { id: number; level: UnitLevel };
      const at = new Date(Date.now() - 3_600_000).toISOString();
      const officer = await insertOfficer(trx, {
        code: input.code,
        name: input.name,
        deskId: desk.id,
        pinHash: null,
        at,
      });
      const origin = { deviceId: null, deskId: desk.id, unitId: unit.id, unitLevel: unit.level };
      const now = new Date();
      const rows = Array.from({ length: input.answers }, (_, i) => ({
        ...toResponseRow(
          origin,
          plainItem(new Date(now.getTime() - 60_000 - i * 1000), i % 5 === 0 ? "neutral" : "satisfied"),
          now
        ),
        officerId: officer.id,
      }));
      await insertResponses(trx, rows);
      await applyToRollups(trx, rows);
    });
  } finally {
    await handle.close();
  }
}
