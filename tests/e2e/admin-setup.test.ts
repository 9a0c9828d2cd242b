/**
 * An administrator sets up a desk and a tablet in one browser; the tablet,
 * a second browser, pairs with the code shown and takes a citizen's response;
 * then the administrator revokes it. With the administrator's JavaScript on
 * and off (the pages are plain forms).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { hasBrowser, launchBrowser, waitForHydration, signInAsAdmin } from "../helpers/browser";
import { FIRST_QUESTION, answer, deliveredResponses } from "../helpers/kiosk";
import { useServer } from "../helpers/server";

async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

describe.skipIf(!hasBrowser)("setting up a desk and its tablet in Chromium", () => {
  const run = useServer();

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? "JavaScript on" : "JavaScript off";
    const deskCode = javaScriptEnabled ? "99102-Q2" : "99102-Q3";
    const deskName = javaScriptEnabled ? "Quầy số 2 Phường Nam Sơn" : "Quầy số 3 Phường Nam Sơn";
    const tabletName = `Máy quầy ${deskCode}`;

    it(`pairs a new desk's tablet, which then records a response, until revoked (${mode})`, async () => {
      const admin = await launchBrowser({ javaScriptEnabled });
      const tablet = await launchBrowser();
      try {
        const page = await admin.newPage();
        await signInAsAdmin(page, run.server);

        // A desk: a taken code is refused next to its field, with what was typed kept.
        await page.locator("summary", { hasText: "Thiết bị" }).click();
        await page.getByRole("link", { name: "Quầy", exact: true }).click();
        await page.getByRole("heading", { name: "Quầy tiếp nhận" }).waitFor();
        const form = page.getByRole("region", { name: "Thêm quầy" });
        await form.getByLabel("Đơn vị").selectOption({ label: "99102 · Phường Nam Sơn" });
        await form.getByLabel("Mã quầy").fill("99102-MC");
        await form.getByLabel("Tên quầy").fill(deskName);
        await form.getByRole("button", { name: "Thêm quầy" }).click();
        await form.getByText("Đã có quầy mã «99102-MC».").waitFor();
        expect(await form.getByLabel("Tên quầy").inputValue()).toBe(deskName);
        expect(await form.getByLabel("Mã quầy").getAttribute("aria-invalid")).toBe("true");
        await form.getByLabel("Mã quầy").fill(deskCode);
        await form.getByRole("button", { name: "Thêm quầy" }).click();
        await page.getByText("Đã thêm quầy.").waitFor();
        await page.getByRole("heading", { name: new RegExp(deskName) }).waitFor();

        // A tablet at it: the one-time code, the link and its QR code.
        await page.locator("summary", { hasText: "Thiết bị" }).click();
        await page.getByRole("link", { name: "Máy tính bảng", exact: true }).first().click();
        await page.getByRole("heading", { name: "Máy tính bảng", level: 1 }).waitFor();
        await page.getByLabel("Quầy").selectOption({ label: `${deskCode} · ${deskName}` });
        await page.getByLabel("Tên máy").fill(tabletName);
        await page.getByRole("button", { name: "Tạo và lấy mã kích hoạt" }).click();
        const shown = page.getByRole("region", { name: `Mã kích hoạt cho «${tabletName}» tại ${deskName}` });
        await shown.waitFor();
        const code = (await shown.locator(".big-code").innerText()).trim();
        expect(code).toMatch(/^\d{6}$/);
        const link = await shown.getByRole("link").getAttribute("href");
        expect(link).toBe(`${run.server.url}/kiosk/pair?code=${code}`);
        const qr = shown.getByRole("img", { name: "Mã QR của liên kết kích hoạt máy tính bảng" });
        await qr.waitFor();
        expect(await qr.isVisible()).toBe(true);
        if (javaScriptEnabled) await expectNoAxeViolations(page);

        // The tablet opens the link, pairs, and a citizen rates.
        const kiosk = await tablet.newPage();
        await kiosk.goto(link!);
        await kiosk.getByRole("heading", { name: "Thiết bị chưa được kích hoạt" }).waitFor();
        expect(await kiosk.getByLabel("Mã kích hoạt").inputValue()).toBe(code);
        await kiosk.getByRole("button", { name: "Kích hoạt" }).click();
        await kiosk.waitForURL(`${run.server.url}/kiosk`);
        await kiosk.getByRole("heading", { name: FIRST_QUESTION }).waitFor();
        expect(await kiosk.getByText(deskName).first().isVisible()).toBe(true);
        const since = new Date().toISOString();
        await answer(kiosk, "Rất hài lòng", { next: false });
        // With JavaScript the outbox delivers in the background.
        const stored = await deliveredResponses(run.database.url, since, 1);
        const handle = openDatabase(run.database.url);
        const desk = await handle.db
          .selectFrom("desks")
          .select("id")
          .where("code", "=", deskCode)
          .executeTakeFirstOrThrow();
        await handle.close();
        expect(stored.map((r) => [r.rating, r.desk_id])).toEqual([["very_satisfied", desk.id]]);

        // The list shows it paired; revoking sends it back to the pairing form.
        await page.goto(`${run.server.url}/admin/devices`);
        const row = page.getByRole("row").filter({ hasText: tabletName });
        await row.getByText("Đã kích hoạt").waitFor();
        await row.getByRole("button", { name: "Thu hồi" }).click();
        await page.getByText(/Đã thu hồi máy tính bảng/).waitFor();
        await row.getByText("Đã thu hồi").waitFor();

        await kiosk.reload();
        await kiosk.getByRole("heading", { name: "Thiết bị chưa được kích hoạt" }).waitFor();
        await kiosk.getByText(/đã bị thu hồi quyền gửi đánh giá/).waitFor();
      } finally {
        await tablet.close();
        await admin.close();
      }
    });
  }

  it("imports units from an uploaded CSV file only once every row is right", async () => {
    const admin = await launchBrowser();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-csv-"));
    try {
      const page = await admin.newPage();
      await signInAsAdmin(page, run.server);
      await page.goto(`${run.server.url}/admin/units/import`);
      // With JavaScript on, as in CI where the corrected file was once lost, over a slow line: the pages' data,
      // which Remix reloads after each check before the page settles, comes late.
      await waitForHydration(page);
      await page.route(
        (url) => url.pathname.endsWith(".data"),
        async (route) => {
          if (route.request().method() === "GET") await new Promise((resolve) => setTimeout(resolve, 300));
          await route.continue();
        }
      );
      const bad = path.join(dir, "don-vi.csv");
      fs.writeFileSync(
        bad,
        "\uFEFFma;ten;cap;ma_cap_tren;tu_ngay;den_ngay\r\n994;Huyện Đồng Xuân;huyện;99;;30/06/2025\r\n99401;Xã Xuân Lộc;xã;9940;;30/06/2025\r\n"
      );
      await page.getByLabel("Tệp CSV").setInputFiles(bad);
      await page.getByRole("button", { name: "Kiểm tra và xem trước" }).click();
      await page.getByText("1 đơn vị mới · 0 đơn vị đã có, không thay đổi · 1 dòng lỗi").waitFor();

      // The corrected file, picked as soon as the result shows; the user reads the errors, then checks it.
      // Under a name of its own: Chromium may still hold the first one's snapshot of that path.
      const fixed = path.join(dir, "don-vi-da-sua.csv");
      fs.writeFileSync(fixed, fs.readFileSync(bad, "utf8").replace(";9940;", ";994;"));
      await page.getByLabel("Tệp CSV").setInputFiles(fixed);
      await page.getByText("Có 1 dòng lỗi. Chưa nhập gì").waitFor();
      await page
        .getByRole("row")
        .filter({ hasText: "99401" })
        .getByText(/Mã đơn vị cấp trên: Không có đơn vị mã «9940»/)
        .waitFor();
      expect(await page.getByRole("button", { name: /^Nhập \d+ đơn vị$/ }).count()).toBe(0);
      await page.waitForTimeout(1000); // reading them: time enough for anything the page still does to happen
      await page.getByRole("button", { name: "Kiểm tra và xem trước" }).click();
      // Polled, so that a failure shows the summary the page did give.
      await expect
        .poll(() => page.locator(".import-preview [role=status]").textContent(), { timeout: 30_000 })
        .toBe("2 đơn vị mới · 0 đơn vị đã có, không thay đổi · 0 dòng lỗi");
      // A file's text is not put into the paste box, where it would be checked again should the next file be lost.
      expect(await page.getByLabel("Hoặc dán nội dung CSV").inputValue()).toBe("");
      await page.getByRole("button", { name: "Nhập 2 đơn vị" }).click();
      await page.getByText("Đã nhập 2 đơn vị từ tệp CSV.").waitFor();
      await page.getByRole("link", { name: /Hiện cả \d+ đơn vị đã hết hiệu lực/ }).click();
      await page.getByRole("link", { name: "Huyện Đồng Xuân" }).click();
      await page.getByRole("heading", { name: "Huyện Đồng Xuân 994" }).waitFor();
      await page.getByRole("link", { name: "Xã Xuân Lộc" }).waitFor();
    } finally {
      await admin.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("shows the administration pages without accessibility violations", async () => {
    const admin = await launchBrowser();
    try {
      const page = await admin.newPage();
      await signInAsAdmin(page, run.server);
      for (const path of [
        "/admin/units",
        "/admin/units/2",
        "/admin/units/import",
        "/admin/desks",
        "/admin/fields",
        "/admin/questionnaires",
        "/admin/questionnaires/1",
        "/admin/questionnaires/1/preview?step=details",
        "/admin/users",
        "/admin/settings",
        "/admin/audit",
        "/admin/account",
      ]) {
        await page.goto(`${run.server.url}${path}`);
        await page.locator("h1").first().waitFor();
        await expectNoAxeViolations(page);
      }
    } finally {
      await admin.close();
    }
  });
});
