/** A citizen at the tablet, in a real browser, with JavaScript on and off. */
import { describe, expect, it } from "vitest";
import { DEMO_MODELS } from "~/setup/demo.server";
import { hasBrowser, launchBrowser } from "../helpers/browser";
import { useDemoServer } from "../helpers/demo";
import { deliveredResponses, newPairingCode, pairKiosk } from "../helpers/kiosk";
import { printedPairingCode } from "../helpers/server";

describe.skipIf(!hasBrowser).each(DEMO_MODELS)("kiosk survey in Chromium (%s demo)", (model) => {
  const run = useDemoServer(model);

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? "JavaScript on" : "JavaScript off";

    it(`records a satisfied citizen's two taps exactly once (${mode})`, async () => {
      const context = await launchBrowser({ javaScriptEnabled });
      try {
        const code = javaScriptEnabled
          ? printedPairingCode(run.server.output())
          : await newPairingCode(run.database.url, run.desks.commune);
        const page = await pairKiosk(context, run.server.url, code);
        const since = new Date().toISOString();
        let documentLoads = 0;
        page.on("load", () => documentLoads++);

        await page.getByRole("radio", { name: "Hài lòng", exact: true }).click();
        await page.getByRole("button", { name: "Gửi đánh giá" }).click();
        await page.getByRole("heading", { name: "Cảm ơn Ông/Bà đã đánh giá!" }).waitFor();

        const stored = await deliveredResponses(run.database.url, since, 1);
        expect(stored).toHaveLength(1);
        expect(stored[0]).toMatchObject({ rating: "satisfied", harassment: 0, language: "vi", comment: null });
        // With JavaScript the survey never reloads the page; without it every step is a form post.
        // (The heading shows as soon as the page is parsed; its load event may come a moment later.)
        await page.waitForLoadState("load");
        if (javaScriptEnabled) expect(documentLoads).toBe(0);
        else expect(documentLoads).toBeGreaterThanOrEqual(2);

        // Five seconds later the next citizen sees the first question again.
        await page
          .getByRole("heading", { name: /hài lòng với việc giải quyết thủ tục hành chính/ })
          .waitFor({ timeout: 8_000 });
        expect(await deliveredResponses(run.database.url, since, 1)).toHaveLength(1);
      } finally {
        await context.close();
      }
    });

    it(`records why a dissatisfied citizen complains, harassment included (${mode})`, async () => {
      const context = await launchBrowser({ javaScriptEnabled });
      try {
        const page = await pairKiosk(
          context,
          run.server.url,
          await newPairingCode(run.database.url, run.desks.harassment)
        );
        const since = new Date().toISOString();
        // The privacy line promises only what holds when a dossier code or a comment is typed.
        expect(await page.locator(".kiosk-hint").allInnerTexts()).toContain(
          "Phiếu không hỏi họ tên hay số định danh cá nhân. Mã hồ sơ và góp ý là không bắt buộc; nếu Ông/Bà ghi, cơ quan có thể dùng để xem xét, xử lý phản ánh. Chỉ khi phản ánh nhũng nhiễu, Ông/Bà có thể tự nguyện để lại số điện thoại để được liên hệ."
        );
        await page.getByRole("radio", { name: "Không hài lòng" }).click();
        await page.getByRole("heading", { name: "Ông/Bà chưa hài lòng vì lý do gì?" }).waitFor();
        await page.getByLabel(/nhũng nhiễu, gây phiền hà, gợi ý hoặc đòi tiền, quà/).check();
        await page.getByLabel("Thời gian chờ đợi lâu").check();
        await page.getByRole("button", { name: "Tiếp tục" }).click();
        // The optional contact step (tests/e2e/case-chain.test.ts leaves a number).
        await page.getByRole("button", { name: "Bỏ qua" }).click();
        await page.getByLabel("Lĩnh vực thủ tục").selectOption({ label: "Đất đai" });
        await page.getByLabel("Trễ hẹn", { exact: true }).check();
        await page
          .getByLabel("Mã hồ sơ (ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả)")
          .fill("000.00.21.H99-261204-0007");
        await page.getByLabel("Góp ý của Ông/Bà").fill("Cán bộ gợi ý nộp thêm tiền để nhanh hơn.");
        await page.getByRole("button", { name: "Gửi đánh giá" }).click();
        await page.getByRole("heading", { name: "Cảm ơn Ông/Bà đã đánh giá!" }).waitFor();

        const stored = await deliveredResponses(run.database.url, since, 1);
        expect(stored).toHaveLength(1);
        expect(stored[0]).toMatchObject({
          rating: "dissatisfied",
          harassment: 1,
          field_code: "dat_dai",
          on_time: 0,
          comment: "Cán bộ gợi ý nộp thêm tiền để nhanh hơn.",
          dossier_code: "000.00.21.H99-261204-0007",
        });
        expect(JSON.parse(stored[0].reasons)).toEqual(["harassment", "long_wait"]);
      } finally {
        await context.close();
      }
    });

    it(`lets a citizen switch to English and starts the next one in Vietnamese (${mode})`, async () => {
      const context = await launchBrowser({ javaScriptEnabled });
      try {
        const page = await pairKiosk(context, run.server.url, await newPairingCode(run.database.url, run.desks.other));
        const since = new Date().toISOString();
        await page.getByRole("button", { name: "English" }).click();
        await page.getByRole("heading", { name: /Are you satisfied/ }).waitFor();
        await page.getByRole("radio", { name: "Very satisfied" }).click();
        await page.getByRole("button", { name: "Send" }).click();
        await page.getByRole("heading", { name: "Thank you for your feedback!" }).waitFor();
        await page.getByRole("button", { name: "Next person" }).click();
        await page.getByRole("heading", { name: /hài lòng với việc giải quyết thủ tục hành chính/ }).waitFor();
        const stored = await deliveredResponses(run.database.url, since, 1);
        expect(stored.map((r) => [r.rating, r.language])).toEqual([["very_satisfied", "en"]]);
      } finally {
        await context.close();
      }
    });
  }

  it("sends an unpaired browser to the pairing form and refuses a wrong code", async () => {
    const context = await launchBrowser();
    try {
      const page = await context.newPage();
      await page.goto(`${run.server.url}/kiosk`);
      await page.getByRole("heading", { name: "Thiết bị chưa được kích hoạt" }).waitFor();
      await page.getByLabel("Mã kích hoạt").fill("000000");
      await page.getByRole("button", { name: "Kích hoạt" }).click();
      await page.getByText("Mã kích hoạt không đúng, đã được sử dụng hoặc đã hết hạn.").waitFor();
      expect(page.url()).toContain("/kiosk/pair");
    } finally {
      await context.close();
    }
  });
});
