/**
 * The first-run wizard on an empty installation (no demo), in Chromium with
 * JavaScript on for the province and communes and off for desks and tablets:
 * choose the province, import its communes from CSV (a bad file first), N
 * desks a commune, N tablets a desk, each previewed then applied whole; the
 * wizard resumes where it stands; the pairing sheet pairs a kiosk.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasBrowser, launchBrowser } from "../helpers/browser";
import { sqliteDatabase, type TestDatabase } from "../helpers/databases";
import { FIRST_QUESTION, pairKiosk } from "../helpers/kiosk";
import { createAccount } from "../helpers/officials";
import { type RunningServer, startServer } from "../helpers/server";

async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

const PASSWORD = "mat-khau-thu-nghiem";

describe.skipIf(!hasBrowser)("the first-run wizard on an empty installation", () => {
  let database: TestDatabase;
  let server: RunningServer;
  beforeAll(async () => {
    database = await sqliteDatabase().create();
    server = await startServer({ DATABASE_URL: database.url, SEED_DEMO: "no" });
    await createAccount(database.url, { username: "quantri", role: "admin", password: PASSWORD });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  async function signIn(page: Page) {
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Tên đăng nhập").fill("quantri");
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(`${server.url}/admin`);
    // The address changes before the page is drawn when JavaScript is on.
    await page.getByRole("heading", { name: "Tổng quan", level: 1 }).waitFor();
  }

  it("sets up a province, its communes, desks and tablets, and the sheet pairs a kiosk", async () => {
    const withJs = await launchBrowser();
    const noJs = await launchBrowser({ javaScriptEnabled: false, acceptDownloads: true });
    const tablet = await launchBrowser();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-wizard-"));
    try {
      const page = await withJs.newPage();
      await signIn(page);
      await page.locator("summary", { hasText: "Hệ thống" }).click();
      await page.getByRole("link", { name: "Thiết lập", exact: true }).click();
      await page.getByRole("heading", { name: "1. Chọn tỉnh, thành phố" }).waitFor();
      await expectNoAxeViolations(page);
      await page.getByLabel(/Tỉnh, thành phố/).selectOption({ label: "96 · Tỉnh Cà Mau" });
      await page.getByRole("button", { name: "Chọn tỉnh này" }).click();

      // Communes: a bad file applies nothing; a good one all.
      await page.getByRole("heading", { name: "2. Nhập xã, phường" }).waitFor();
      await page
        .getByLabel("Hoặc dán nội dung CSV")
        .fill("96001,Xã Tân Lộc,commune,96,,\n96002,Xã Tân Hưng,commune,97,,");
      await page.getByRole("button", { name: "Kiểm tra và xem trước" }).click();
      await page.getByText("1 mới · 0 đã có, không thay đổi · 1 dòng lỗi").waitFor();
      expect(await page.getByRole("button", { name: /^Nhập \d+ đơn vị$/ }).count()).toBe(0);
      await expectNoAxeViolations(page);
      await page
        .getByLabel("Hoặc dán nội dung CSV")
        .fill("96001,Xã Tân Lộc,commune,96,,\n96002,Xã Tân Hưng,commune,96,,");
      await page.getByRole("button", { name: "Kiểm tra và xem trước" }).click();
      await page.getByRole("button", { name: "Nhập 2 đơn vị" }).click();
      await page.getByText("Đã nhập 2 đơn vị từ tệp CSV.").waitFor();

      // Resumes in another browser, JavaScript off, at the desks.
      const plain = await noJs.newPage();
      await signIn(plain);
      await plain.goto(`${server.url}/admin/setup`);
      await plain.getByRole("heading", { name: "3. Tạo quầy" }).waitFor();
      await plain.getByLabel("Số quầy mỗi xã, phường").fill("2");
      await plain.getByRole("button", { name: "Kiểm tra và xem trước" }).click();
      await plain.getByText("4 mới · 0 đã có, không thay đổi · 0 dòng lỗi").waitFor();
      await plain.getByRole("row").filter({ hasText: "96002-Q2" }).getByText("Quầy số 2 Xã Tân Hưng").waitFor();
      await plain.getByRole("button", { name: "Tạo 4 quầy" }).click();
      await plain.getByText("Đã nhập 4 quầy từ tệp CSV.").waitFor();

      // Tablets: one a desk, then the sheet.
      await plain.getByRole("heading", { name: "4. Tạo máy tính bảng" }).waitFor();
      await plain.getByLabel("Số máy tính bảng mỗi quầy").fill("1");
      await plain.getByRole("button", { name: "Kiểm tra và xem trước" }).click();
      await plain.getByRole("button", { name: "Tạo 4 máy tính bảng" }).click();
      await plain.getByText(/Đã thêm 4 máy tính bảng/).waitFor();
      const [download] = await Promise.all([
        plain.waitForEvent("download"),
        plain.getByRole("button", { name: "In phiếu ghép nối (4 máy, PDF)" }).click(),
      ]);
      const pdf = path.join(dir, "phieu.pdf");
      await download.saveAs(pdf);
      const text = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" });
      const codes = [...text.matchAll(/^(\d{4}) (\d{4}) (\d{4})$/gm)].map((m) => m.slice(1).join(""));
      expect(codes).toHaveLength(4);
      const kiosk = await pairKiosk(tablet, server.url, codes[3]);
      await kiosk.getByRole("heading", { name: FIRST_QUESTION }).waitFor();
      await kiosk.getByText("Quầy số 2 Xã Tân Hưng").first().waitFor();

      await plain.goto(`${server.url}/admin/setup`);
      await plain.getByRole("heading", { name: "5. Hoàn tất" }).waitFor();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await tablet.close();
      await noJs.close();
      await withJs.close();
    }
  });
});
