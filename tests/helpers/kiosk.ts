/** Pairing a browser as a kiosk and reading what it stored, for browser tests. */
import type { BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { openDatabase } from "~db/connection";
import { runCli } from "~/cli/main.server";

/** A new device at `desk`, created through the CLI; returns its one-time pairing code. */
export async function newPairingCode(databaseUrl: string, desk: string): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    ["device:create", "--desk", desk],
    { out: (s) => out.push(s), err: (s) => err.push(s), readStdin: async () => null },
    { NODE_ENV: "test", DATABASE_URL: databaseUrl, SESSION_SECRET: "x".repeat(40) }
  );
  expect(code, err.join("\n")).toBe(0);
  return JSON.parse(out.join("")).pairingCode as string;
}

/** Opens the kiosk, lands on the pairing form, enters the code and arrives at the survey. */
export async function pairKiosk(context: BrowserContext, baseUrl: string, code: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/kiosk`);
  await page.waitForURL(/\/kiosk\/pair/);
  await page.getByLabel("Mã kích hoạt").fill(code);
  await page.getByRole("button", { name: "Kích hoạt" }).click();
  await page.waitForURL(new RegExp(`${baseUrl}/kiosk$`));
  await page.getByRole("heading", { name: /hài lòng với việc giải quyết thủ tục hành chính/ }).waitFor();
  return page;
}

export interface StoredResponse {
  id: string;
  rating: string;
  reasons: string;
  harassment: number;
  comment: string | null;
  field_code: string | null;
  on_time: number | null;
  language: string;
  desk_id: number;
}

/** Responses stored after `since` (ISO receipt time), oldest first. */
export async function responsesSince(databaseUrl: string, since: string): Promise<StoredResponse[]> {
  const handle = openDatabase(databaseUrl);
  try {
    return await handle.db
      .selectFrom("responses")
      .select(["id", "rating", "reasons", "harassment", "comment", "field_code", "on_time", "language", "desk_id"])
      .where("received_at", ">=", since)
      .orderBy("received_at")
      .execute();
  } finally {
    await handle.close();
  }
}
