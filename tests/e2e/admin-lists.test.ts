/**
 * A list page at work in Chromium (issue 18, ADR 058): the desks of one unit
 * found by typing its name without accents (several matches are offered as
 * links), a state filter, pages of 25 with the filter kept in the URL, and the
 * CSV download of the same filter holding every page, formula-safe — with
 * JavaScript on and off; axe finds nothing on the filtered list.
 */
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { insertDesk, updateDesk } from "~db/repositories/desks";
import { findUnitByCode } from "~db/repositories/units";
import { parseCsv } from "~/utils/csv";
import { hasBrowser, launchBrowser } from "../helpers/browser";
import { printedAdminPassword, useServer } from "../helpers/server";

describe.skipIf(!hasBrowser)("the desks list in Chromium", () => {
  const run = useServer();
  let seeded = false;

  /** 31 desks at Phường Nam Sơn (one retired, one named like a formula) besides the demo's. */
  async function seed() {
    if (seeded) return;
    seeded = true;
    const database = openDatabase(run.database.url);
    try {
      const unit = (await findUnitByCode(database.db, "99102"))!;
      for (let n = 1; n <= 31; n++) {
        const desk = await insertDesk(database.db, {
          code: `99102-T${String(n).padStart(2, "0")}`,
          name: n === 7 ? '=HYPERLINK("http://x")' : `Quầy thử số ${n}`,
          unitId: unit.id,
          createdAt: new Date().toISOString(),
        });
        if (n === 31) await updateDesk(database.db, desk.id, { active: 0 });
      }
    } finally {
      await database.close();
    }
  }

  async function signInAsAdmin(page: Page) {
    await page.goto(`${run.server.url}/login`);
    await page.getByLabel("Tên đăng nhập").fill("admin");
    await page.getByLabel("Mật khẩu").fill(printedAdminPassword(run.server.output()));
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(`${run.server.url}/admin`);
  }

  const rows = (page: Page) => page.locator("table.admin-table tbody tr");

  for (const javaScriptEnabled of [true, false]) {
    it(`filters by unit and state, pages and downloads the same filter (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      await seed();
      const context = await launchBrowser({ javaScriptEnabled });
      try {
        const page = await context.newPage();
        await signInAsAdmin(page);
        await page.goto(`${run.server.url}/admin/desks`);
        const filters = page.getByRole("search", { name: "Bộ lọc: Quầy tiếp nhận" });
        // «son» matches Bắc Sơn and Nam Sơn: the page offers both.
        await filters.getByLabel("Đơn vị (mã hoặc tên)").fill("son");
        await filters.getByRole("button", { name: "Lọc" }).click();
        await page.getByRole("heading", { name: "Có nhiều đơn vị khớp «son», vui lòng chọn một" }).waitFor();
        await page.getByRole("link", { name: "99102 Phường Nam Sơn" }).click();
        await page.getByText("Có 32 kết quả thuộc 99102 · Phường Nam Sơn").waitFor();
        // Typed without accents, one match is taken at once; then only the active desks, 25 a page.
        await filters.getByLabel("Đơn vị (mã hoặc tên)").fill("nam son");
        await filters.getByLabel("Trạng thái").selectOption({ label: "Đang hoạt động" });
        await filters.getByLabel("Số dòng mỗi trang").selectOption("25");
        await filters.getByRole("button", { name: "Lọc" }).click();
        await page.getByText("Có 31 kết quả thuộc 99102 · Phường Nam Sơn").waitFor();
        expect(await rows(page).count()).toBe(25);
        await page.getByText("Trang 1/2").waitFor();
        await page.getByRole("navigation", { name: "Phân trang" }).getByRole("link", { name: "Trang sau" }).click();
        await page.getByText("Trang 2/2").waitFor();
        expect(await rows(page).count()).toBe(6);
        const url = new URL(page.url());
        expect(Object.fromEntries(url.searchParams)).toMatchObject({ state: "active", size: "25", page: "2" });
        // The same filter as a link: another tab shows the same page.
        const again = await context.newPage();
        await again.goto(url.toString());
        await again.getByText("Trang 2/2").waitFor();
        await again.close();

        // The CSV holds every page of the filter, formula-safe.
        const csvHref = await page.getByRole("link", { name: "Tải CSV (toàn bộ kết quả lọc)" }).getAttribute("href");
        expect(csvHref).not.toContain("page=");
        const response = await page.request.get(`${run.server.url}${csvHref}`);
        expect(response.status()).toBe(200);
        expect(response.headers()["content-type"]).toContain("text/csv");
        const text = await response.text();
        expect(text.startsWith("\uFEFF")).toBe(true);
        const csv = parseCsv(text).map((r) => r.cells);
        expect(csv[0]).toEqual(["Mã quầy", "Tên quầy", "Mã đơn vị", "Đơn vị", "Trạng thái", "Máy tính bảng"]);
        expect(csv.length).toBe(1 + 31);
        expect(csv.every((r, i) => i === 0 || r[2] === "99102")).toBe(true);
        expect(csv.find((r) => r[0] === "99102-T07")?.[1]).toBe('\'=HYPERLINK("http://x")');
        expect(csv.some((r) => r[0] === "99102-T31")).toBe(false);

        // A value the page does not offer is refused, not guessed.
        const bad = await page.goto(`${run.server.url}/admin/desks?size=7`);
        expect(bad?.status()).toBe(400);
      } finally {
        await context.close();
      }
    });
  }

  it("finds no WCAG 2.1 AA violation on a filtered list with unit choices", async () => {
    await seed();
    const context = await launchBrowser();
    try {
      const page = await context.newPage();
      await signInAsAdmin(page);
      for (const path of [
        "/admin/desks?unitq=son",
        "/admin/devices?state=never",
        "/admin/users?role=admin",
        "/admin/units?q=hoa",
      ]) {
        await page.goto(`${run.server.url}${path}`);
        await page.getByRole("heading", { level: 1 }).waitFor();
        const { violations } = await new AxeBuilder({ page })
          .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
          .analyze();
        expect(
          violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
          path
        ).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });
});
