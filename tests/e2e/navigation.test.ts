/**
 * The header's grouped sections (ADR 057) in Chromium: one row on a 1366 px
 * screen, no sideways scrolling on a 360 px phone, opened and followed by
 * keyboard, working without JavaScript, filtered by role (a group appears only
 * when one of its pages may be opened), and no WCAG 2.1 AA violation with a
 * menu open.
 */
import { AxeBuilder } from "@axe-core/playwright";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { hasBrowser, launchBrowser } from "../helpers/browser";
import { createAccount } from "../helpers/officials";
import { printedAdminPassword, useServer } from "../helpers/server";

const ADMIN_GROUPS = ["Kết quả", "Phản ánh", "Thiết bị", "Danh mục", "Hệ thống"];

describe.skipIf(!hasBrowser)("the grouped navigation in Chromium", () => {
  const run = useServer();

  async function signIn(context: BrowserContext, username = "admin", password?: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${run.server.url}/login`);
    await page.getByLabel("Tên đăng nhập").fill(username);
    await page.getByLabel("Mật khẩu").fill(password ?? printedAdminPassword(run.server.output()));
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(`${run.server.url}/admin`);
    // The address changes before the page is drawn when JavaScript is on.
    await page.getByRole("heading", { name: "Tổng quan", level: 1 }).waitFor();
    return page;
  }

  const nav = (page: Page) => page.getByRole("navigation", { name: "Điều hướng chính" });
  const groupNames = (page: Page) =>
    nav(page)
      .locator("summary")
      .evaluateAll((s) => s.map((e) => e.firstChild?.textContent?.trim()));

  it("fits the administrator's header in one row at 1366 px and shows every group", async () => {
    const context = await launchBrowser({ viewport: { width: 1366, height: 768 } });
    try {
      const page = await signIn(context);
      expect(await groupNames(page)).toEqual(ADMIN_GROUPS);
      const tops = await page
        .locator(".site-header > *, .site-header .nav-row > li")
        .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
      expect(new Set(tops).size, `header items start at ${tops.join(", ")}`).toBe(1);
      // Links stay hidden until their group is opened.
      expect(await page.getByRole("link", { name: "Quầy", exact: true }).count()).toBe(0);
      await nav(page).locator("summary", { hasText: "Hệ thống" }).click();
      await nav(page).getByRole("link", { name: "Nhật ký" }).click();
      await page.getByRole("heading", { name: "Nhật ký", level: 1 }).waitFor();
      // The open menu closed with the navigation; its group is marked as the current one.
      expect(await nav(page).locator("details[open]").count()).toBe(0);
      await expect(nav(page).locator("summary.current").innerText()).resolves.toMatch(/^Hệ thống/);
    } finally {
      await context.close();
    }
  });

  it("opens a group and follows a link by keyboard alone", async () => {
    const context = await launchBrowser();
    try {
      const page = await signIn(context);
      const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
      for (let i = 0; i < 10 && !(await focused()).startsWith("Thiết bị"); i++) await page.keyboard.press("Tab");
      expect(await focused()).toMatch(/^Thiết bị/);
      expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe("none");
      await page.keyboard.press("Enter");
      await page.keyboard.press("Tab");
      expect(await focused()).toBe("Quầy");
      await page.keyboard.press("Tab");
      expect(await focused()).toBe("Máy tính bảng");
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "Máy tính bảng", level: 1 }).waitFor();
    } finally {
      await context.close();
    }
  });

  it("works without JavaScript and on a 360 px phone without sideways scrolling", async () => {
    const context = await launchBrowser({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    try {
      const page = await signIn(context);
      const width = () => page.evaluate(() => document.documentElement.scrollWidth);
      expect(await width()).toBe(360);
      await nav(page).locator("summary", { hasText: "Danh mục" }).click();
      expect(await width()).toBe(360);
      const link = nav(page).getByRole("link", { name: "Bộ câu hỏi" });
      const box = (await link.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(360);
      expect(box.height).toBeGreaterThanOrEqual(44);
      await link.click();
      await page.waitForURL(`${run.server.url}/admin/questionnaires`);
      await page.getByRole("heading", { level: 1 }).waitFor();
    } finally {
      await context.close();
    }
  });

  it("shows a viewer only the groups with a page they may open, and axe finds nothing with a menu open", async () => {
    await createAccount(run.database.url, {
      username: "xem.tinh",
      role: "viewer",
      unit: "99",
      password: "mat-khau-xem-tinh-2026",
    });
    const context = await launchBrowser();
    try {
      const page = await signIn(context, "xem.tinh", "mat-khau-xem-tinh-2026");
      expect(await groupNames(page)).toEqual(["Kết quả", "Phản ánh", "Hệ thống"]);
      await nav(page).locator("summary", { hasText: "Kết quả" }).click();
      const links = await nav(page).locator("details[open] a").allInnerTexts();
      expect(links).toEqual(["Tổng quan", "Báo cáo"]);
      const { violations } = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
        .analyze();
      expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
