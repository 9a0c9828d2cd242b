/**
 * A list page at work in Chromium (issue 18, ADR 058): the desks of one unit
 * found by typing its name without accents (several matches are offered as
 * links), a state filter, pages of 25 with the filter kept in the URL, and the
 * CSV download of the same filter holding every page, formula-safe — with
 * JavaScript on and off; the same for the audit log and the suspects review
 * with JavaScript off; axe finds nothing on the filtered lists.
 */
import crypto from "node:crypto";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { recordAudit } from "~db/repositories/audit";
import { findDeskByCode, insertDesk, updateDesk } from "~db/repositories/desks";
import { findUnitByCode } from "~db/repositories/units";
import { parseCsv } from "~/utils/csv";
import { hasBrowser, launchBrowser, signInAsAdmin } from "../helpers/browser";
import { newDevice } from "../helpers/kiosk";
import { useServer } from "../helpers/server";

describe.skipIf(!hasBrowser)("the list pages in Chromium", () => {
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

  const rows = (page: Page) => page.locator("table.admin-table tbody tr");

  for (const javaScriptEnabled of [true, false]) {
    it(`filters by unit and state, pages and downloads the same filter (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      await seed();
      const context = await launchBrowser({ javaScriptEnabled });
      try {
        const page = await context.newPage();
        await signInAsAdmin(page, run.server);
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
        await expect.poll(() => rows(page).count()).toBe(25);
        await page.getByText("Trang 1/2").waitFor();
        await page.getByRole("navigation", { name: "Phân trang" }).getByRole("link", { name: "Trang sau" }).click();
        await page.getByText("Trang 2/2").waitFor();
        await expect.poll(() => rows(page).count()).toBe(6);
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

  let logSeeded = false;
  /** A comment a citizen left on the suspect taps: personal data the CSV must not carry. */
  const COMMENT = "Gọi lại cho tôi 0912345678";

  /**
   * 30 audit entries at Phường Nam Sơn in October 2025 (one a day, one of them
   * with an id written like a formula), and flagged taps: 30 a second apart at
   * Nam Sơn's desk (29 flagged), 4 at Bắc Sơn's (3 flagged).
   */
  async function seedLogs() {
    if (logSeeded) return;
    logSeeded = true;
    const database = openDatabase(run.database.url);
    try {
      const unit = (await findUnitByCode(database.db, "99102"))!;
      for (let day = 1; day <= 30; day++) {
        await recordAudit(
          database.db,
          { id: null, username: "ql.namson" },
          new Date(`2025-10-${String(day).padStart(2, "0")}T03:00:00Z`),
          {
            action: "rename",
            entity: "desk",
            entityId: day === 7 ? "=2+3" : `99102-Q${day}`,
            unitId: unit.id,
            before: { name: `Quầy cũ ${day}` },
            after: { name: `Quầy mới ${day}` },
          }
        );
      }
      expect(await findDeskByCode(database.db, "99102-MC")).toBeTruthy();
    } finally {
      await database.close();
    }
    const post = async (desk: string, taps: number) => {
      const { token } = await newDevice(run.database.url, desk);
      const start = Date.now() - 10 * 60_000;
      const posted = await fetch(`${run.server.url}/api/v1/responses`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({
          responses: Array.from({ length: taps }, (_, i) => ({
            id: crypto.randomUUID(),
            submittedAt: new Date(start + i * 1000).toISOString(),
            questionnaireVersion: 1,
            rating: "dissatisfied",
            comment: COMMENT,
          })),
        }),
      });
      expect(posted.status).toBe(200);
    };
    await post("99102-MC", 30);
    await post("99101-MC", 4);
  }

  const csvOf = async (page: Page) => {
    const href = await page.getByRole("link", { name: "Tải CSV (toàn bộ kết quả lọc)" }).getAttribute("href");
    expect(href).not.toContain("page=");
    const response = await page.request.get(`${run.server.url}${href}`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/csv");
    const text = await response.text();
    expect(text.startsWith("\uFEFF")).toBe(true);
    return { text, rows: parseCsv(text).map((r) => r.cells) };
  };

  it("filters the audit log by unit, action and period, pages and downloads it (JavaScript off)", async () => {
    await seedLogs();
    const context = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await signInAsAdmin(page, run.server);
      await page.goto(`${run.server.url}/admin/audit`);
      const filters = page.getByRole("search", { name: "Bộ lọc: Nhật ký thay đổi" });
      await filters.getByLabel("Đơn vị (mã hoặc tên)").fill("nam son");
      await filters.getByLabel("Thao tác").selectOption({ label: "Đổi tên" });
      await filters.getByLabel("Từ ngày").fill("2025-10-01");
      await filters.getByLabel("Đến ngày").fill("2025-10-30");
      await filters.getByLabel("Số dòng mỗi trang").selectOption("25");
      await filters.getByRole("button", { name: "Lọc" }).click();
      await page.getByText("Có 30 kết quả thuộc 99102 · Phường Nam Sơn").waitFor();
      const rows = page.locator("table.audit-table tbody tr");
      await expect.poll(() => rows.count()).toBe(25);
      // Newest first, with the values before and after.
      await expect(rows.first().textContent()).resolves.toContain("Quầy cũ 30 → Quầy mới 30");
      await page.getByRole("navigation", { name: "Phân trang" }).getByRole("link", { name: "Trang sau" }).click();
      await page.getByText("Trang 2/2").waitFor();
      await expect.poll(() => rows.count()).toBe(5);
      expect(Object.fromEntries(new URL(page.url()).searchParams)).toMatchObject({
        action: "rename",
        from: "2025-10-01",
        to: "2025-10-30",
        size: "25",
        page: "2",
      });
      // A shorter period, by the user's name typed in the search.
      await filters.getByLabel("Đến ngày").fill("2025-10-07");
      await filters.getByLabel("Tìm kiếm").fill("NAMSON");
      await filters.getByRole("button", { name: "Lọc" }).click();
      await page.getByText("Có 7 kết quả thuộc 99102 · Phường Nam Sơn").waitFor();

      const { text, rows: csv } = await csvOf(page);
      expect(csv[0]).toEqual([
        "Thời điểm",
        "Người thực hiện",
        "Thao tác",
        "Đối tượng",
        "Mã số đối tượng",
        "Thay đổi (trước → sau)",
      ]);
      expect(csv.length).toBe(1 + 7);
      expect(csv.slice(1).every((r) => r[1] === "ql.namson" && r[2] === "Đổi tên" && r[3] === "Quầy")).toBe(true);
      expect(csv.find((r) => r[5] === "Tên: Quầy cũ 7 → Quầy mới 7")?.[4]).toBe("'=2+3");
      expect(text).not.toContain(",=2+3");

      // A day that does not exist is refused, not guessed.
      const bad = await page.goto(`${run.server.url}/admin/audit?from=2025-02-30`);
      expect(bad?.status()).toBe(400);
    } finally {
      await context.close();
    }
  });

  it("filters the suspects by unit and review, pages, decides and downloads without the comments (JavaScript off)", async () => {
    await seedLogs();
    const context = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await signInAsAdmin(page, run.server);
      await page.goto(`${run.server.url}/admin/suspects`);
      const filters = page.getByRole("search", { name: "Bộ lọc: Phiếu nghi ngờ" });
      await filters.getByLabel("Đơn vị (mã hoặc tên)").fill("son");
      await filters.getByRole("button", { name: "Lọc" }).click();
      await page.getByRole("link", { name: "99102 Phường Nam Sơn" }).click();
      await page.getByText("Có 29 kết quả thuộc 99102 · Phường Nam Sơn").waitFor();
      await filters.getByLabel("Số dòng mỗi trang").selectOption("25");
      await filters.getByRole("button", { name: "Lọc" }).click();
      const rows = page.locator("table.suspects tbody tr");
      await page.getByText("Trang 1/2").waitFor();
      await expect.poll(() => rows.count()).toBe(25);
      // The comment is shown where the decision is made.
      await expect(rows.first().textContent()).resolves.toContain(COMMENT);
      await page.getByRole("navigation", { name: "Phân trang" }).getByRole("link", { name: "Trang sau" }).click();
      await page.getByText("Trang 2/2").waitFor();
      await expect.poll(() => rows.count()).toBe(4);

      // Keep one excluded: the pending list shrinks, the «kept» one holds it; the filter stays.
      await rows.first().getByRole("checkbox").check();
      await page.getByRole("button", { name: "Giữ loại trừ" }).first().click();
      await page.getByRole("status").filter({ hasText: "Đã giữ loại trừ: 1 phiếu." }).waitFor();
      await page.getByText("Có 28 kết quả thuộc 99102 · Phường Nam Sơn").waitFor();
      await page
        .getByRole("navigation", { name: "Lọc phiếu nghi ngờ" })
        .getByRole("link", { name: "Đã giữ loại trừ" })
        .click();
      await page.getByText("Có 1 kết quả thuộc 99102 · Phường Nam Sơn").waitFor();
      expect(new URL(page.url()).searchParams.get("show")).toBe("kept");

      await page.goto(`${run.server.url}${new URL(page.url()).pathname}?show=all&unitq=99102`);
      await page.getByText("Có 29 kết quả thuộc 99102 · Phường Nam Sơn").waitFor();
      const { text, rows: csv } = await csvOf(page);
      expect(csv[0]).toEqual([
        "Thời điểm",
        "Mã quầy",
        "Quầy",
        "Mã đơn vị",
        "Đơn vị",
        "Máy tính bảng",
        "Đánh giá",
        "Lý do người dân chọn",
        "Lý do đánh dấu",
        "Trạng thái",
      ]);
      expect(csv.length).toBe(1 + 29);
      expect(csv.slice(1).every((r) => r[1] === "99102-MC" && r[3] === "99102")).toBe(true);
      expect(csv.filter((r) => r[9] === "Giữ loại trừ")).toHaveLength(1);
      expect(text).not.toContain("0912345678");
    } finally {
      await context.close();
    }
  });

  it("finds no WCAG 2.1 AA violation on a filtered list with unit choices", async () => {
    await seed();
    await seedLogs();
    const context = await launchBrowser();
    try {
      const page = await context.newPage();
      await signInAsAdmin(page, run.server);
      for (const path of [
        "/admin/desks?unitq=son",
        "/admin/devices?state=never",
        "/admin/users?role=admin",
        "/admin/units?q=hoa",
        "/admin/audit?unitq=son",
        "/admin/audit?action=rename&from=2025-10-01&size=25",
        "/admin/suspects?unitq=nam%20son&size=25",
        "/admin/suspects?show=all&reason=interval",
        "/admin/officers?state=active",
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
