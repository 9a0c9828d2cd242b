/** Pairing a browser as a kiosk and reading what it stored, for browser tests. */
import type { BrowserContext, Page } from "playwright-core";
import type { OutboxRecord } from "~/kiosk/outbox";
import { expect } from "vitest";
import { openDatabase } from "~db/connection";
import { runCli } from "~/cli/main.server";
import { TEST_SESSION_SECRET } from "./server";

export interface NewDevice {
  deviceId: number;
  token: string;
  pairingCode: string;
}

/** A new device at `desk`, created through the CLI, with its bearer token and one-time pairing code. */
export async function newDevice(databaseUrl: string, desk: string): Promise<NewDevice> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    ["device:create", "--desk", desk],
    { out: (s) => out.push(s), err: (s) => err.push(s), readStdin: async () => null },
    { NODE_ENV: "test", DATABASE_URL: databaseUrl, SESSION_SECRET: TEST_SESSION_SECRET }
  );
  expect(code, err.join("\n")).toBe(0);
  return JSON.parse(out.join("")) as NewDevice;
}

/** A new device at `desk`; returns its one-time pairing code. */
export async function newPairingCode(databaseUrl: string, desk: string): Promise<string> {
  return (await newDevice(databaseUrl, desk)).pairingCode;
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
  dossier_code: string | null;
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
      .select([
        "id",
        "rating",
        "reasons",
        "harassment",
        "comment",
        "field_code",
        "dossier_code",
        "on_time",
        "language",
        "desk_id",
      ])
      .where("received_at", ">=", since)
      .orderBy("received_at")
      .execute();
  } finally {
    await handle.close();
  }
}

/**
 * Responses stored after `since`, once `count` have arrived (the kiosk's outbox
 * sends in the background) or the time is up; then checks that no more come.
 */
export async function deliveredResponses(
  databaseUrl: string,
  since: string,
  count: number,
  timeoutMs = 15_000
): Promise<StoredResponse[]> {
  const deadline = Date.now() + timeoutMs;
  let rows = await responsesSince(databaseUrl, since);
  while (rows.length < count && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    rows = await responsesSince(databaseUrl, since);
  }
  await new Promise((r) => setTimeout(r, 500));
  return responsesSince(databaseUrl, since);
}

/** The kiosk's IndexedDB outbox as the page sees it. */
export function outboxRecords(page: Page): Promise<OutboxRecord[]> {
  return page.evaluate(
    () =>
      new Promise<OutboxRecord[]>((resolve, reject) => {
        const open = indexedDB.open("hailong-kiosk", 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction("outbox").objectStore("outbox").getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result as OutboxRecord[]);
          };
          req.onerror = () => reject(req.error);
        };
      })
  );
}

/** Waits until the outbox satisfies `done` (the sender works in the background). */
export async function waitForOutbox(
  page: Page,
  done: (records: OutboxRecord[]) => boolean,
  timeoutMs = 30_000
): Promise<OutboxRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = await outboxRecords(page);
    if (done(records)) return records;
    if (Date.now() > deadline) throw new Error(`outbox not as expected: ${JSON.stringify(records)}`);
    await page.waitForTimeout(200);
  }
}

export const FIRST_QUESTION = /hài lòng với việc giải quyết thủ tục hành chính/;
export const THANKS = "Cảm ơn Ông/Bà đã đánh giá!";

/** One citizen: a face, then (for the dissatisfied) reasons, then send; back at the first screen afterwards. */
export async function answer(
  page: Page,
  rating: "Rất hài lòng" | "Hài lòng" | "Bình thường" | "Không hài lòng",
  options: { reasons?: string[]; comment?: string; next?: boolean } = {}
): Promise<void> {
  await page.getByRole("radio", { name: rating, exact: true }).click();
  if (rating === "Không hài lòng") {
    for (const reason of options.reasons ?? []) await page.getByRole("checkbox", { name: reason }).check();
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    // A harassment reason is followed by the optional contact step: skipped here.
    if (options.reasons?.some((r) => r.includes("nhũng nhiễu")))
      await page.getByRole("button", { name: "Bỏ qua" }).click();
  }
  if (options.comment) await page.getByRole("textbox", { name: "Góp ý của Ông/Bà" }).fill(options.comment);
  await page.getByRole("button", { name: "Gửi đánh giá" }).click();
  await page.getByRole("heading", { name: THANKS }).waitFor();
  if (options.next !== false) {
    await page.getByRole("button", { name: "Người tiếp theo đánh giá" }).click();
    await page.getByRole("heading", { name: FIRST_QUESTION }).waitFor();
  }
}
