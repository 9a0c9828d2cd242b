/**
 * A harassment tap at the kiosk opens a case that officials see and handle at
 * /admin/cases, in Chromium with JavaScript on and off, on each database (issue 16).
 */
import { describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { hasBrowser, launchBrowser, signInAsAdmin } from "../helpers/browser";
import { databaseFactories } from "../helpers/databases";
import { deliveredResponses, newPairingCode, pairKiosk } from "../helpers/kiosk";
import { useServer } from "../helpers/server";

describe.skipIf(!hasBrowser).each(databaseFactories())("harassment cases in Chromium on $dialect", (factory) => {
  const run = useServer(factory);

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? "JavaScript on" : "JavaScript off";

    it(`a harassment tap opens a case that an administrator verifies and concludes (${mode})`, async () => {
      const context = await launchBrowser({ javaScriptEnabled });
      try {
        const kiosk = await pairKiosk(context, run.server.url, await newPairingCode(run.database.url, "99302-MC"));
        const since = new Date().toISOString();
        const comment = `Cán bộ gợi ý nộp thêm tiền (${mode}).`;
        await kiosk.getByRole("radio", { name: "Không hài lòng" }).click();
        await kiosk.getByLabel(/nhũng nhiễu, gây phiền hà, gợi ý hoặc đòi tiền, quà/).check();
        await kiosk.getByRole("button", { name: "Tiếp tục" }).click();
        await kiosk.getByRole("button", { name: "Bỏ qua" }).click();
        await kiosk.getByLabel("Góp ý của Ông/Bà").fill(comment);
        await kiosk.getByRole("button", { name: "Gửi đánh giá" }).click();
        await kiosk.getByRole("heading", { name: "Cảm ơn Ông/Bà đã đánh giá!" }).waitFor();
        const [stored] = await deliveredResponses(run.database.url, since, 1);
        expect(stored).toMatchObject({ harassment: 1, comment });

        // Stored with its case, in the same transaction: there the moment the response is.
        const handle = openDatabase(run.database.url);
        let caseId: number;
        try {
          const rows = await handle.db.selectFrom("cases").selectAll().where("response_id", "=", stored.id).execute();
          expect(rows).toHaveLength(1);
          expect(rows[0]).toMatchObject({ status: "new", assignee_user_id: null, suspect: 0 });
          caseId = rows[0].id;
        } finally {
          await handle.close();
        }

        const page = await context.newPage();
        await signInAsAdmin(page, run.server);
        // The header counts the open case.
        await expect(page.locator(".case-badge").textContent()).resolves.toMatch(/đang mở/);
        await page.goto(`${run.server.url}/admin/cases?unit=&status=new`);
        const link = page.getByRole("link", { name: `Phản ánh số ${caseId}`, exact: true });
        await link.click();
        await page.waitForURL(`${run.server.url}/admin/cases/${caseId}`);
        await page.getByText(`«${comment}»`).waitFor();
        await page.getByText("Xã Tân Hòa", { exact: false }).first().waitFor();

        await page.getByRole("button", { name: "Bắt đầu xác minh" }).click();
        await page.getByText("Phản ánh chuyển sang «Đang xác minh».").waitFor();
        await page.getByLabel("Nội dung ghi chú").fill("Đã làm việc với cán bộ quầy.");
        await page.getByRole("button", { name: "Thêm ghi chú" }).click();
        await page.getByText("Đã thêm ghi chú.").waitFor();
        // Concluding without measures is refused, with the message beside the field and nothing changed.
        await page.getByLabel("Có căn cứ", { exact: true }).check();
        await page.getByRole("button", { name: "Kết luận phản ánh" }).click();
        await page.getByText("Bắt buộc phải có.").waitFor();
        await page.getByLabel("Có căn cứ", { exact: true }).check();
        await page.getByLabel("Biện pháp xử lý").fill("Nhắc nhở, kiểm điểm cán bộ.");
        await page.getByRole("button", { name: "Kết luận phản ánh" }).click();
        await page.getByText("Đã kết luận phản ánh.").waitFor();
        const history = await page.locator(".case-history").innerText();
        expect(history).toMatch(/Tiếp nhận[\s\S]*Chuyển trạng thái[\s\S]*Ghi chú[\s\S]*Kết luận/);
        expect(history).toContain("Nhắc nhở, kiểm điểm cán bộ.");

        const after = openDatabase(run.database.url);
        try {
          const c = await after.db.selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirstOrThrow();
          expect(c).toMatchObject({ status: "concluded", finding: "founded", measures: "Nhắc nhở, kiểm điểm cán bộ." });
          const events = await after.db
            .selectFrom("case_events")
            .select("type")
            .where("case_id", "=", caseId)
            .orderBy("id")
            .execute();
          expect(events.map((e) => e.type)).toEqual(["opened", "status", "note", "concluded"]);
          const audit = await after.db
            .selectFrom("audit_log")
            .select(["action", "before", "after"])
            .where("entity", "=", "case")
            .where("entity_id", "=", String(caseId))
            .orderBy("id")
            .execute();
          expect(audit.map((a) => a.action)).toEqual(["start_verifying", "note", "conclude"]);
          expect(JSON.parse(audit[2].before!)).toMatchObject({ status: "verifying", finding: null });
        } finally {
          await after.close();
        }
      } finally {
        await context.close();
      }
    });
  }

  it("filters the cases by a unit found by name or code, never a select of every unit (JavaScript off, issue 18)", async () => {
    const context = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await signInAsAdmin(page, run.server);
      const response = await page.goto(`${run.server.url}/admin/cases?status=all`);
      expect(await response!.text()).not.toContain("Xã Bình Minh"); // no option per unit
      const caseLinks = page.getByRole("link", { name: /^Phản ánh số \d+$/ });
      const all = await caseLinks.count();
      expect(all).toBeGreaterThan(0); // the cases the taps above opened, at Xã Tân Hòa
      const unitField = page.getByLabel("Đơn vị (mã hoặc tên)");

      // Typed without accents: the one match is chosen, and the URL holds the filter.
      await unitField.fill("tan hoa");
      await page.getByRole("button", { name: "Lọc" }).click();
      await page.waitForURL(/unitq=tan/);
      await expect.poll(() => unitField.inputValue()).toBe("99302 · Xã Tân Hòa");
      expect(await caseLinks.count()).toBe(all);

      // Another unit: no case there.
      await unitField.fill("99202");
      await page.getByRole("button", { name: "Lọc" }).click();
      await page.getByText("Không có phản ánh nào phù hợp.").waitFor();

      // Several matches come back as links; choosing one filters.
      await unitField.fill("hoa");
      await page.getByRole("button", { name: "Lọc" }).click();
      await page.getByRole("heading", { name: "Có nhiều đơn vị khớp «hoa», vui lòng chọn một" }).waitFor();
      await page.getByRole("link", { name: "99302 Xã Tân Hòa" }).click();
      await page.waitForURL(/unit=\d+/);
      await expect.poll(() => unitField.inputValue()).toBe("99302 · Xã Tân Hòa");
      expect(await caseLinks.count()).toBe(all);

      // Nothing matches: said so; a unit that does not exist is a 404, as on the other lists.
      await unitField.fill("không có đơn vị này");
      await page.getByRole("button", { name: "Lọc" }).click();
      await page.getByText("Không có đơn vị nào khớp «không có đơn vị này».").waitFor();
      const missing = await page.goto(`${run.server.url}/admin/cases?unit=999999`);
      expect(missing!.status()).toBe(404);
    } finally {
      await context.close();
    }
  });
});
