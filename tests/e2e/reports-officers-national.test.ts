/**
 * The reports' officer section at national size (issue 18, ADR 061): 60
 * officers, each with enough answers to be listed, are shown 25 at a time;
 * the search finds one officer by a name typed without accents; paging keeps
 * the unit table's own page; the note on officers below the minimum sample
 * stays — all with JavaScript off. The CSV by officer still holds all 60.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { insertDesk } from "~db/repositories/desks";
import { insertOfficer } from "~db/repositories/officers";
import { insertResponses } from "~db/repositories/responses";
import { applyToRollups } from "~db/repositories/rollups";
import { findUnitByCode } from "~db/repositories/units";
import { DEFAULT_TARGETS } from "~/domain/rates";
import { toResponseRow } from "~/ingest/rows.server";
import { hasBrowser, launchBrowser, signInAsAdmin } from "../helpers/browser";
import { useServer } from "../helpers/server";
import { plainItem } from "../helpers/reports";

const OFFICERS = 60;
/** Listed officers have the minimum sample; one more officer has fewer answers and is only counted in the note. */
const ANSWERS = DEFAULT_TARGETS.minSample;
const name = (n: number) => (n === 47 ? "Nguyễn Thị Thúy Hằng" : `Cán Bộ Thử ${String(n).padStart(3, "0")}`);
const code = (n: number) => `CBQG-${String(n).padStart(3, "0")}`;

describe.skipIf(!hasBrowser)("the reports' officer section at national size", () => {
  const run = useServer();
  let seeded = false;

  async function seed() {
    if (seeded) return;
    seeded = true;
    const database = openDatabase(run.database.url);
    try {
      await database.db.transaction().execute(async (trx) => {
        const district = (await findUnitByCode(trx, "993"))!;
        const at = new Date(Date.now() - 3_600_000).toISOString();
        const desk = await insertDesk(trx, {
          code: "QG-01",
          name: "Quầy Thử Quốc Gia",
          unitId: district.id,
          createdAt: at,
        });
        const origin = { deviceId: null, deskId: desk.id, unitId: district.id, unitLevel: district.level };
        const now = new Date();
        for (let n = 1; n <= OFFICERS + 1; n++) {
          const officer = await insertOfficer(trx, {
            code: code(n),
            name: name(n),
            deskId: desk.id,
            pinHash: null,
            at,
          });
          const answers = n <= OFFICERS ? ANSWERS : 1;
          const rows = Array.from({ length: answers }, (_, i) => ({
            ...toResponseRow(
              origin,
              plainItem(new Date(now.getTime() - (n * ANSWERS + i) * 1000), i % 10 === 0 ? "neutral" : "satisfied"),
              now
            ),
            officerId: officer.id,
          }));
          await insertResponses(trx, rows);
          await applyToRollups(trx, rows);
        }
      });
    } finally {
      await database.close();
    }
  }

  const section = (page: Page) => page.locator("section.officer-section");
  const rows = (page: Page) => section(page).locator("table.rates-table tbody tr");
  const firstCells = (page: Page) => rows(page).locator("th").allInnerTexts();
  const pager = (page: Page) => page.getByRole("navigation", { name: "Các trang của bảng cán bộ" });

  it("pages and searches the officers with JavaScript off; the CSV holds every officer", async () => {
    await seed();
    const context = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await signInAsAdmin(page, run.server);

      const response = await page.goto(`${run.server.url}/reports?unit=993`);
      const html = await response!.text();
      const listed = Array.from({ length: OFFICERS }, (_, i) => name(i + 1)).filter((n) => html.includes(n));
      expect(listed).toHaveLength(25); // neither the table nor the page's data holds the rest
      await expect.poll(() => rows(page).count()).toBe(25);
      await expect
        .poll(() => section(page).getByRole("status").innerText())
        .toContain(`Đang hiển thị 1–25 trong ${OFFICERS} cán bộ`);
      // The total row and the note on the officer below the minimum sample are the whole section's.
      expect(await section(page).locator("table.rates-table tfoot").innerText()).toContain(
        (OFFICERS * ANSWERS + 1).toLocaleString("vi")
      );
      expect(await section(page).innerText()).toContain(
        `1 cán bộ có ít hơn ${ANSWERS} phiếu trong kỳ không được liệt kê`
      );
      const first = await firstCells(page);

      // Paging: on to page 3 (the last 10), keeping the unit table's sort; then past the end.
      await expect.poll(() => pager(page).innerText()).toContain("Trang 1/3");
      await page.goto(`${run.server.url}/reports?unit=993&sort=name&dir=desc`);
      await pager(page).getByRole("link", { name: "Trang sau" }).click();
      await page.waitForURL(/opage=2/);
      expect(new URL(page.url()).searchParams.get("sort")).toBe("name");
      await expect.poll(() => rows(page).count()).toBe(25);
      const second = await firstCells(page);
      expect(new Set([...first, ...second]).size).toBe(50);
      await pager(page).getByRole("link", { name: "Trang sau" }).click();
      await page.waitForURL(/opage=3/);
      await expect.poll(() => rows(page).count()).toBe(OFFICERS - 50);
      const third = await firstCells(page);
      expect(new Set([...first, ...second, ...third]).size).toBe(OFFICERS);
      await page.goto(`${run.server.url}/reports?unit=993&opage=999`);
      await expect.poll(() => pager(page).innerText()).toContain("Trang 3/3");

      // The search: a name typed without accents, then a code; nothing found says so.
      await page.goto(`${run.server.url}/reports?unit=993`);
      await page.getByLabel("Tìm cán bộ theo tên hoặc mã").fill("thuy hang");
      await section(page).getByRole("button", { name: "Tìm", exact: true }).click();
      await page.waitForURL(/oq=thuy/);
      await expect.poll(() => rows(page).count()).toBe(1);
      expect(await rows(page).first().locator("th").innerText()).toContain("Nguyễn Thị Thúy Hằng");
      expect(await pager(page).count()).toBe(0);
      await page.getByLabel("Tìm cán bộ theo tên hoặc mã").fill(code(12));
      await section(page).getByRole("button", { name: "Tìm", exact: true }).click();
      await page.waitForURL(new RegExp(`oq=${code(12)}`));
      await expect.poll(() => rows(page).count()).toBe(1);
      expect(await rows(page).first().locator("th").innerText()).toContain(name(12));
      await page.getByLabel("Tìm cán bộ theo tên hoặc mã").fill("không có ai");
      await section(page).getByRole("button", { name: "Tìm", exact: true }).click();
      await expect.poll(() => page.getByText("Không tìm thấy cán bộ nào khớp với «không có ai».").count()).toBe(1);
      await section(page).getByRole("link", { name: "Bỏ tìm kiếm" }).click();
      await expect.poll(() => rows(page).count()).toBe(25);

      // A search wider than a page pages through its matches, keeping the search.
      await page.goto(`${run.server.url}/reports?unit=993&oq=can+bo+thu`);
      await expect.poll(() => pager(page).innerText()).toContain("Trang 1/3");
      await pager(page).getByRole("link", { name: "Trang sau" }).click();
      await page.waitForURL(/opage=2/);
      expect(new URL(page.url()).searchParams.get("oq")).toBe("can bo thu");

      // The download still holds every officer.
      const cookies = await context.cookies();
      const csv = await fetch(`${run.server.url}/reports/download?unit=993&format=csv&by=officer`, {
        headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
      });
      expect(csv.status).toBe(200);
      const text = await csv.text();
      for (let n = 1; n <= OFFICERS; n++) expect(text).toContain(name(n));
    } finally {
      await context.close();
    }
  });
});
