/**
 * The reports' unit table at national size (issue 18): a district holding 250
 * communes shows 25 of them at a time, with the chart for the same 25; the
 * search finds one commune by its name typed without accents or by its code;
 * the paging links keep the search and the sort; the page stays small — and
 * all of it with JavaScript off. The download still holds every commune.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { findUnitByCode, insertUnit } from "~db/repositories/units";
import { hasBrowser, launchBrowser, signInAsAdmin } from "../helpers/browser";
import { useServer } from "../helpers/server";

const COMMUNES = 250;
/** The demo district 993's own rows besides the generated communes: 254 rows, 11 pages. */
const ROWS = COMMUNES + 4;
const name = (n: number) => (n === 137 ? "Xã Đồng Tâm Thượng" : `Xã Thử Nghiệm ${String(n).padStart(3, "0")}`);
const code = (n: number) => String(94000 + n);

describe.skipIf(!hasBrowser)("the reports' unit table at national size", () => {
  const run = useServer();
  let seeded = false;

  async function seed() {
    if (seeded) return;
    seeded = true;
    const database = openDatabase(run.database.url);
    try {
      const district = (await findUnitByCode(database.db, "993"))!;
      for (let n = 1; n <= COMMUNES; n++) {
        await insertUnit(database.db, {
          code: code(n),
          name: name(n),
          level: "commune",
          parentId: district.id,
          createdAt: new Date().toISOString(),
        });
      }
    } finally {
      await database.close();
    }
  }

  const rows = (page: Page) => page.locator("table.units-table tbody tr");
  const bars = (page: Page) => page.locator("section:has(#units-title) g.chart-bar");
  const firstCells = (page: Page) => rows(page).locator("th").allInnerTexts();

  it("pages, searches and stays small with JavaScript off; the CSV holds every commune", async () => {
    await seed();
    const context = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await signInAsAdmin(page, run.server);

      const response = await page.goto(`${run.server.url}/reports?unit=993`);
      const html = await response!.text();
      expect(html.length).toBeLessThan(200_000);
      const shown = Array.from({ length: COMMUNES }, (_, i) => name(i + 1)).filter((n) => html.includes(n));
      expect(shown.length).toBeLessThanOrEqual(25); // neither the table nor the page's data holds the rest
      await expect.poll(() => rows(page).count()).toBe(25);
      await expect.poll(() => bars(page).count()).toBe(25);
      await expect.poll(() => page.locator("table.case-results tbody tr").count()).toBe(25); // the cases by unit follow the page
      await expect
        .poll(() =>
          page
            .getByRole("status")
            .filter({ hasText: `Đang hiển thị 1–25 trong ${ROWS} đơn vị` })
            .count()
        )
        .toBe(1);
      const first = await firstCells(page);

      // Paging: next, then the last page, then past the end, then back.
      const pager = page.getByRole("navigation", { name: "Các trang của bảng đơn vị" });
      await expect.poll(() => pager.innerText()).toContain("Trang 1/11");
      await pager.getByRole("link", { name: "Trang sau" }).click();
      await page.waitForURL(/upage=2/);
      await expect.poll(() => rows(page).count()).toBe(25);
      const second = await firstCells(page);
      expect(new Set([...first, ...second]).size).toBe(50);
      await page.goto(`${run.server.url}/reports?unit=993&upage=11`);
      await expect.poll(() => rows(page).count()).toBe(ROWS - 10 * 25);
      await page.goto(`${run.server.url}/reports?unit=993&upage=999`);
      await expect.poll(() => pager.innerText()).toContain("Trang 11/11");
      await pager.getByRole("link", { name: "Trang trước" }).click();
      await page.waitForURL(/upage=10/);
      await expect.poll(() => rows(page).count()).toBe(25);

      // The search: without accents, then by code; the sort is kept.
      await page.goto(`${run.server.url}/reports?unit=993&sort=name&dir=desc`);
      await page.getByLabel("Tìm đơn vị theo tên hoặc mã").fill("dong tam");
      await page.getByRole("button", { name: "Tìm", exact: true }).click();
      await page.waitForURL(/uq=dong/);
      expect(new URL(page.url()).searchParams.get("sort")).toBe("name");
      await expect.poll(() => rows(page).count()).toBe(1);
      expect(await rows(page).first().locator("th").innerText()).toContain("Xã Đồng Tâm Thượng");
      expect(await page.getByRole("navigation", { name: "Các trang của bảng đơn vị" }).count()).toBe(0);
      await page.getByLabel("Tìm đơn vị theo tên hoặc mã").fill(code(42));
      await page.getByRole("button", { name: "Tìm", exact: true }).click();
      await page.waitForURL(new RegExp(`uq=${code(42)}`));
      await expect.poll(() => rows(page).count()).toBe(1);
      expect(await rows(page).first().locator("th").innerText()).toContain(name(42));
      await page.getByLabel("Tìm đơn vị theo tên hoặc mã").fill("không có xã này");
      await page.getByRole("button", { name: "Tìm", exact: true }).click();
      await expect.poll(() => page.getByText("Không tìm thấy đơn vị nào khớp với «không có xã này».").count()).toBe(1);

      // A search wider than a page pages through its matches, keeping the search.
      await page.goto(`${run.server.url}/reports?unit=993&uq=thu+nghiem+1`);
      await expect.poll(() => rows(page).count()).toBe(25); // «Thử Nghiệm 100» to «199»: four pages
      await pager.getByRole("link", { name: "Trang sau" }).click();
      await page.waitForURL(/upage=2/);
      expect(new URL(page.url()).searchParams.get("uq")).toBe("thu nghiem 1");

      // The download still holds every commune.
      const cookies = await context.cookies();
      const csv = await fetch(`${run.server.url}/reports/download?unit=993&format=csv&by=unit`, {
        headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
      });
      expect(csv.status).toBe(200);
      const text = await csv.text();
      for (const n of [1, 137, 200, 250]) expect(text).toContain(code(n));
    } finally {
      await context.close();
    }
  });

  it("is sent as the document alone: no second copy of its data for scripts, and it works from the header with JavaScript on", async () => {
    await seed();
    const context = await launchBrowser();
    try {
      const page = await context.newPage();
      await signInAsAdmin(page, run.server);
      // From the hydrated overview, the header's link loads the reports as a document.
      const loaded = page.waitForResponse((r) => new URL(r.url()).pathname === "/reports");
      const header = page.getByRole("navigation", { name: "Điều hướng chính" });
      await header.locator("summary", { hasText: "Kết quả" }).click();
      await header.getByRole("link", { name: "Báo cáo", exact: true }).click();
      const html = await (await loaded).text();
      await page.getByRole("heading", { name: "Báo cáo kết quả khảo sát mức độ hài lòng", level: 1 }).waitFor();
      expect(html).not.toContain("__remixContext");
      expect(await page.locator("script[src]").count()).toBe(0);
      // Every control still works: a unit link, the pager, the search.
      await page.goto(`${run.server.url}/reports?unit=993`);
      const pager = page.getByRole("navigation", { name: "Các trang của bảng đơn vị" });
      await pager.getByRole("link", { name: "Trang sau" }).click();
      await page.waitForURL(/upage=2/);
      await expect.poll(() => rows(page).count()).toBe(25);
      await page.getByLabel("Tìm đơn vị theo tên hoặc mã").fill("dong tam");
      await page.getByRole("button", { name: "Tìm", exact: true }).click();
      await page.waitForURL(/uq=dong/);
      await expect.poll(() => rows(page).count()).toBe(1);
      // Leaving it for a hydrated page works as well.
      await header.locator("summary", { hasText: "Kết quả" }).click();
      await header.getByRole("link", { name: "Tổng quan", exact: true }).click();
      await page.getByRole("heading", { name: "Tổng quan", level: 1 }).waitFor();
    } finally {
      await context.close();
    }
  });
});
