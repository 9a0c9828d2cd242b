/**
 * Setting up centres in bulk (issue 18), in Chromium with the administrator's
 * JavaScript on and off: desks from a CSV file (a bad file first: nothing is
 * stored, each bad row says why), tablets from a CSV file, then the pairing
 * sheet — a PDF whose codes (read with pdftotext) pair real kiosks, one by
 * the link its QR code encodes, one by typing the code; accounts from CSV
 * with their one-time passwords, which sign in; the fleet view.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { hasBrowser, launchBrowser } from "../helpers/browser";
import { FIRST_QUESTION, pairKiosk } from "../helpers/kiosk";
import { printedAdminPassword, useServer } from "../helpers/server";

async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

describe.skipIf(!hasBrowser)("setting up centres in bulk in Chromium", () => {
  const run = useServer();

  async function signIn(page: Page, username: string, password: string) {
    await page.goto(`${run.server.url}/login`);
    await page.getByLabel("Tên đăng nhập").fill(username);
    await page.getByLabel("Mật khẩu").fill(password);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(`${run.server.url}/admin`);
    // The address changes before the page is drawn when JavaScript is on.
    await page.getByRole("heading", { name: "Tổng quan", level: 1 }).waitFor();
  }

  async function previewPasted(page: Page, csv: string) {
    await page.getByLabel("Hoặc dán nội dung CSV").fill(csv);
    await page.getByRole("button", { name: "Kiểm tra và xem trước" }).click();
    await page.getByRole("heading", { name: "Kết quả kiểm tra" }).waitFor();
  }

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? "JavaScript on" : "JavaScript off";
    const n = javaScriptEnabled ? "7" : "8";

    it(`imports desks and tablets, and the pairing sheet's codes pair kiosks (${mode})`, async () => {
      const admin = await launchBrowser({ javaScriptEnabled, acceptDownloads: true });
      const tablets = await launchBrowser();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-sheet-"));
      try {
        const page = await admin.newPage();
        await signIn(page, "admin", printedAdminPassword(run.server.output()));

        // Desks: a file with a bad row stores nothing and says why.
        await page.locator("summary", { hasText: "Thiết bị" }).click();
        await page.getByRole("link", { name: "Nhập CSV" }).click();
        await page.getByRole("heading", { name: "Nhập quầy tiếp nhận từ tệp CSV" }).waitFor();
        const file = path.join(dir, "quay.csv");
        fs.writeFileSync(
          file,
          `\uFEFFma_don_vi;ma_quay;ten\r\n99101;99101-Q${n};Quầy số ${n} Phường Bắc Sơn\r\n99109;99109-Q1;Quầy sai\r\n`
        );
        await page.getByLabel("Tệp CSV").setInputFiles(file);
        await page.getByRole("button", { name: "Kiểm tra và xem trước" }).click();
        await page.getByText("1 quầy mới · 0 quầy đã có, không thay đổi · 1 dòng lỗi").waitFor();
        await page
          .getByRole("row")
          .filter({ hasText: "99109-Q1" })
          .getByText("Mã đơn vị: Không có đơn vị mã «99109» đang hiệu lực trong phạm vi của bạn.")
          .waitFor();
        expect(await page.getByRole("button", { name: /^Nhập \d+ quầy$/ }).count()).toBe(0);
        if (javaScriptEnabled) await expectNoAxeViolations(page);

        await previewPasted(
          page,
          `99101,99101-Q${n},Quầy số ${n} Phường Bắc Sơn\n99102,99102-Q${n},Quầy số ${n} Phường Nam Sơn`
        );
        await page.getByRole("button", { name: "Nhập 2 quầy" }).click();
        await page.getByText("Đã nhập 2 quầy từ tệp CSV.").waitFor();

        // Tablets at those desks.
        await page.goto(`${run.server.url}/admin/devices/import`);
        await previewPasted(page, `desk_code,name\n99101-Q${n},Máy ${n}A\n99102-Q${n},Máy ${n}B`);
        await page.getByText("2 máy mới · 0 máy đã có, không thay đổi · 0 dòng lỗi").waitFor();
        await page.getByRole("button", { name: "Nhập 2 máy tính bảng" }).click();
        await page.getByText(/Đã thêm 2 máy tính bảng/).waitFor();
        if (javaScriptEnabled) await expectNoAxeViolations(page);

        // The sheet, valid for three days.
        await page.getByLabel("Thời hạn của mã kích hoạt").selectOption({ label: "3 ngày" });
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          page.getByRole("button", { name: "In phiếu ghép nối (2 máy, PDF)" }).click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/^phieu-ghep-noi-\d{4}-\d{2}-\d{2}\.pdf$/);
        const pdf = path.join(dir, "phieu.pdf");
        await download.saveAs(pdf);
        const text = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" });
        expect(text.replace(/\s+/g, " ")).toContain(`Quầy: Quầy số ${n} Phường Bắc Sơn (99101-Q${n})`);
        expect(text).toContain(`Máy: Máy ${n}A`);
        const codes = [...text.matchAll(/^(\d{4}) (\d{4}) (\d{4})$/gm)].map((m) => m.slice(1).join(""));
        const links = [...text.matchAll(/(http\S+\/kiosk\/pair\?code=(\d{12}))/g)].map((m) => m[1]);
        expect(codes).toHaveLength(2);
        expect(links).toEqual(codes.map((c) => `${run.server.url}/kiosk/pair?code=${c}`));

        // One kiosk opens the link (what scanning the QR code does), the other types the code.
        const first = await tablets.newPage();
        await first.goto(links[0]);
        expect(await first.getByLabel("Mã kích hoạt").inputValue()).toBe(codes[0]);
        await first.getByRole("button", { name: "Kích hoạt" }).click();
        await first.waitForURL(`${run.server.url}/kiosk`);
        await first.getByRole("heading", { name: FIRST_QUESTION }).waitFor();
        await first.getByText(`Quầy số ${n} Phường Bắc Sơn`).first().waitFor();
        const other = await launchBrowser();
        try {
          const second = await pairKiosk(other, run.server.url, codes[1]);
          await second.getByText(`Quầy số ${n} Phường Nam Sơn`).first().waitFor();
        } finally {
          await other.close();
        }

        // The fleet view counts them.
        await page.goto(`${run.server.url}/admin/fleet`);
        await page.getByRole("heading", { name: "Tình trạng máy tính bảng", level: 1 }).waitFor();
        await page.getByRole("row").filter({ hasText: "99101 · Phường Bắc Sơn" }).waitFor();
        if (javaScriptEnabled) await expectNoAxeViolations(page);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        await tablets.close();
        await admin.close();
      }
    });
  }

  it("imports accounts whose one-time passwords sign in (JavaScript off)", async () => {
    const admin = await launchBrowser({ javaScriptEnabled: false });
    const user = await launchBrowser();
    try {
      const page = await admin.newPage();
      await signIn(page, "admin", printedAdminPassword(run.server.output()));
      await page.goto(`${run.server.url}/admin/users/import`);
      await page.getByRole("heading", { name: "Nhập tài khoản người dùng từ tệp CSV" }).waitFor();
      await previewPasted(page, "bacson.quanly2;Quản lý;99101;\nbacson xem;viewer;99101;");
      await page.getByText("Tên đăng nhập: Tên đăng nhập gồm 3–50 ký tự", { exact: false }).waitFor();
      await previewPasted(page, "bacson.quanly2;Quản lý;99101;\nbacson.xem2;Theo dõi;99101;");
      await page.getByRole("button", { name: "Nhập 2 tài khoản" }).click();
      const table = page.getByRole("table", { name: "Tên đăng nhập và mật khẩu" });
      const row = table.getByRole("row").filter({ hasText: "bacson.quanly2" });
      const password = (await row.locator("td").nth(1).innerText()).trim();
      expect(password.length).toBeGreaterThanOrEqual(10);

      const other = await user.newPage();
      await signIn(other, "bacson.quanly2", password);
      await other.goto(`${run.server.url}/admin/desks/import`);
      await other.getByRole("heading", { name: "Nhập quầy tiếp nhận từ tệp CSV" }).waitFor();
    } finally {
      await user.close();
      await admin.close();
    }
  });
});
