/**
 * An officer on duty at a desk (issue 17, ADR 056), in Chromium with
 * JavaScript on and off: created with the CLI, signs in from the tablet's
 * staff corner with code and PIN (a wrong PIN is refused and never shown),
 * the kiosk names them to the citizen, the citizen's answer is attributed to
 * them, and signing out ends it. The 8-hour end and the PIN lock run against
 * a clock in tests/integration/officers/officers.test.ts.
 */
import { describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { runCli } from "~/cli/main.server";
import { hasBrowser, launchBrowser } from "../helpers/browser";
import { useDemoServer } from "../helpers/demo";
import { FIRST_QUESTION, deliveredResponses, newPairingCode, pairKiosk } from "../helpers/kiosk";
import { TEST_SESSION_SECRET } from "../helpers/server";

async function createOfficer(databaseUrl: string, desk: string, code: string, name: string, pin: string) {
  const out: string[] = [];
  const err: string[] = [];
  const exit = await runCli(
    ["officer:create", "--desk", desk, "--code", code, "--name", name, "--pin", pin],
    { out: (s) => out.push(s), err: (s) => err.push(s), readStdin: async () => null },
    { NODE_ENV: "test", DATABASE_URL: databaseUrl, SESSION_SECRET: TEST_SESSION_SECRET }
  );
  expect(exit, err.join("\n")).toBe(0);
  return JSON.parse(out.join("")) as { id: number; code: string; name: string; desk: string; pin: boolean };
}

async function officerOf(databaseUrl: string, id: string): Promise<number | null> {
  const handle = openDatabase(databaseUrl);
  try {
    const row = await handle.db
      .selectFrom("responses")
      .select("officer_id")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    return row.officer_id === null ? null : Number(row.officer_id);
  } finally {
    await handle.close();
  }
}

describe.skipIf(!hasBrowser)("officer on duty at the tablet in Chromium", () => {
  const run = useDemoServer("three-level");

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? "JavaScript on" : "JavaScript off";
    const desk = javaScriptEnabled ? run.desks.commune : run.desks.harassment;
    const who = javaScriptEnabled
      ? { code: "CB-ON", name: "Hoàng Thị Mai", pin: "4826" }
      : { code: "CB-OFF", name: "Đỗ Văn Hùng", pin: "7391" };

    it(`signs an officer in, names them to the citizen and attributes the answer (${mode})`, async () => {
      const officer = await createOfficer(run.database.url, desk, who.code, who.name, who.pin);
      expect(officer).toMatchObject({ code: who.code, name: who.name, desk, pin: true });
      const context = await launchBrowser({ javaScriptEnabled });
      try {
        const page = await pairKiosk(context, run.server.url, await newPairingCode(run.database.url, desk));
        await expect(page.locator(".kiosk-officer").count()).resolves.toBe(0);

        await page.getByRole("link", { name: "Cán bộ", exact: true }).click();
        await page.waitForURL(/\/kiosk\/duty$/);
        await page.getByLabel("Mã cán bộ").fill(who.code);
        await page.getByLabel("Mã PIN").fill("0000");
        await page.getByRole("button", { name: "Đăng nhập trực quầy" }).click();
        await expect(page.getByRole("alert").innerText()).resolves.toBe("Mã cán bộ hoặc mã PIN không đúng.");
        // The PIN typed is never sent back to the page.
        expect(await page.content()).not.toContain("0000");

        await page.getByLabel("Mã cán bộ").fill(who.code);
        await page.getByLabel("Mã PIN").fill(who.pin);
        await page.getByRole("button", { name: "Đăng nhập trực quầy" }).click();
        await page.waitForURL(new RegExp(`${run.server.url}/kiosk$`));
        await page.getByRole("heading", { name: FIRST_QUESTION }).waitFor();
        await expect(page.locator(".kiosk-screen:not([hidden]) .kiosk-officer").innerText()).resolves.toBe(
          `Cán bộ tiếp nhận: ${who.name}`
        );
        expect(await page.content()).not.toContain(who.pin);

        const since = new Date().toISOString();
        await page.getByRole("radio", { name: "Hài lòng", exact: true }).click();
        await page.getByRole("button", { name: "Gửi đánh giá" }).click();
        await page.getByRole("heading", { name: "Cảm ơn Ông/Bà đã đánh giá!" }).waitFor();
        const [stored] = await deliveredResponses(run.database.url, since, 1);
        expect(await officerOf(run.database.url, stored.id)).toBe(officer.id);

        // Signing out ends the duty: the kiosk names nobody any more.
        await page.goto(`${run.server.url}/kiosk/duty`);
        await expect(page.getByText(`Đang trực: ${who.name}`).count()).resolves.toBe(1);
        await page.getByRole("button", { name: "Kết thúc ca trực" }).click();
        await page.waitForURL(new RegExp(`${run.server.url}/kiosk$`));
        await page.getByRole("heading", { name: FIRST_QUESTION }).waitFor();
        await expect(page.locator(".kiosk-officer").count()).resolves.toBe(0);
      } finally {
        await context.close();
      }
    });
  }
});
