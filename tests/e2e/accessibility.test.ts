/**
 * WCAG 2.1 AA on the kiosk and the admin pages: axe-core finds nothing on any
 * kiosk screen (JavaScript on and off) or admin page; the faces are a radio
 * group with one tab stop and arrow keys; touch targets are at least 44×44;
 * no screen scrolls on a 10-inch tablet either way round; at 200% nothing is cut off.
 */
import crypto from "node:crypto";
import { AxeBuilder } from "@axe-core/playwright";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { hasBrowser, launchBrowser } from "../helpers/browser";
import { FIRST_QUESTION, THANKS, newDevice, newPairingCode, pairKiosk } from "../helpers/kiosk";
import { printedAdminPassword, useServer } from "../helpers/server";

const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function violations(page: Page, options: { disable?: string[] } = {}): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(WCAG_AA)
    .disableRules(options.disable ?? [])
    .analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
}

type Step = "rate" | "rate (English)" | "reasons" | "contact" | "details" | "thanks";
const STEPS: Step[] = ["rate", "rate (English)", "reasons", "contact", "details", "thanks"];

/** From the first screen to a step, as a citizen would. */
async function goTo(page: Page, step: Step) {
  if (step === "rate") return;
  if (step === "rate (English)") {
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: /Are you satisfied/ }).waitFor();
    return;
  }
  await page.getByRole("radio", { name: "Không hài lòng" }).click();
  await page.getByRole("heading", { name: "Ông/Bà chưa hài lòng vì lý do gì?" }).waitFor();
  if (step === "reasons") return;
  if (step === "contact") {
    // The optional phone step after a harassment reason (ADR 048).
    await page.getByRole("checkbox", { name: /nhũng nhiễu, gây phiền hà/ }).check();
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await page.getByRole("heading", { name: "Ông/Bà có muốn được liên hệ về phản ánh này không?" }).waitFor();
    return;
  }
  // A box ticked on an earlier screen stays ticked (JavaScript on): no harassment reason, no contact step.
  await page.getByRole("checkbox", { name: /nhũng nhiễu, gây phiền hà/ }).uncheck();
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await page.getByRole("heading", { name: "Thông tin thêm" }).waitFor();
  if (step === "details") return;
  await page.getByRole("button", { name: "Gửi đánh giá" }).click();
  await page.getByRole("heading", { name: THANKS }).waitFor();
}

/** Back to the first screen by the survey's own buttons. */
async function backToStart(page: Page) {
  // The contact step goes back to the reasons, and they back to the faces.
  for (let i = 0; i < 3 && !(await page.getByRole("heading", { name: FIRST_QUESTION }).isVisible()); i++) {
    for (const name of ["Người tiếp theo đánh giá", "Làm lại", "Quay lại", "Tiếng Việt"]) {
      const button = page.getByRole("button", { name, exact: true });
      if (await button.isVisible()) {
        await button.click();
        break;
      }
    }
    await page.waitForLoadState();
  }
  await page.getByRole("heading", { name: FIRST_QUESTION }).waitFor();
}

describe.skipIf(!hasBrowser)("accessibility in Chromium", () => {
  const run = useServer();

  for (const script of ["with", "without"] as const) {
    it(`finds no WCAG 2.1 AA violation on any kiosk screen, ${script} the kiosk's script`, async () => {
      const context = await launchBrowser();
      // axe-core needs JavaScript itself: the no-JavaScript kiosk is the page without its one script.
      if (script === "without") await context.route("**/build/routes/kiosk._index-*.js", (route) => route.abort());
      try {
        const page = await pairKiosk(context, run.server.url, await newPairingCode(run.database.url, "99101-MC"));
        for (const step of STEPS) {
          await goTo(page, step);
          // Without JavaScript the thank-you page can only return to the first question by a meta refresh
          // (as the kiosk must, for the next citizen); the citizen's survey is complete by then, and
          // «Người tiếp theo đánh giá» does it at once. Every other rule applies there too.
          const disable = script === "without" && step === "thanks" ? ["meta-refresh"] : [];
          expect(await violations(page, { disable }), step).toEqual([]);
          await backToStart(page);
        }
        await page.goto(`${run.server.url}/kiosk/pair`);
        expect(await violations(page), "pairing").toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it("warns 20 seconds before a survey left alone resets, and any touch continues it", async () => {
    const context = await launchBrowser();
    await context.clock.install();
    try {
      const page = await pairKiosk(context, run.server.url, await newPairingCode(run.database.url, "99101-MC"));
      await page.getByRole("radio", { name: "Hài lòng", exact: true }).click();
      const warning = page.getByRole("alert").filter({ hasText: "Sau 20 giây màn hình sẽ trở về trang đầu" });
      await page.clock.fastForward(39_000);
      expect(await warning.isVisible()).toBe(false);
      await page.clock.fastForward(2_000);
      await warning.waitFor();
      expect(await violations(page), "idle warning").toEqual([]);
      await page.getByRole("button", { name: "Tiếp tục đánh giá" }).click();
      await warning.waitFor({ state: "hidden" });
      await page.clock.fastForward(45_000);
      await page.getByRole("heading", { name: "Thông tin thêm" }).waitFor();
      await page.clock.fastForward(16_000);
      await page.getByRole("heading", { name: FIRST_QUESTION }).waitFor();
    } finally {
      await context.close();
    }
  });

  it("makes the faces one radio group: one tab stop, arrow keys, Space to choose", async () => {
    const context = await launchBrowser();
    try {
      const page = await pairKiosk(context, run.server.url, await newPairingCode(run.database.url, "99101-MC"));
      const group = page.getByRole("radiogroup", { name: "Mức độ hài lòng" });
      expect(await group.getByRole("radio").count()).toBe(4);
      const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
      const isFace = () => page.evaluate(() => document.activeElement?.getAttribute("role") === "radio");
      // Tab from the top: the language buttons, then a single stop in the faces, then out of them.
      const stops: string[] = [];
      for (let i = 0; i < 6; i++) {
        await page.keyboard.press("Tab");
        if (await isFace()) stops.push(await focused());
      }
      expect(stops).toEqual(["Rất hài lòng"]);
      await page.keyboard.press("Shift+Tab");
      while (!(await isFace())) await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("ArrowRight");
      expect(await focused()).toBe("Hài lòng");
      await page.keyboard.press("ArrowDown");
      expect(await focused()).toBe("Bình thường");
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.press("ArrowLeft");
      expect(await focused()).toBe("Không hài lòng");
      // The focus ring is visible.
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      expect(outline).not.toBe("none");
      await page.keyboard.press("Space");
      const heading = page.getByRole("heading", { name: "Ông/Bà chưa hài lòng vì lý do gì?" });
      await heading.waitFor();
      expect(await heading.evaluate((h) => h === document.activeElement)).toBe(true);
      // Back on the first screen the chosen face is checked and is the group's tab stop.
      await page.getByRole("button", { name: "Quay lại" }).click();
      const chosen = page.getByRole("radio", { name: "Không hài lòng" });
      expect(await chosen.getAttribute("aria-checked")).toBe("true");
      expect(await chosen.getAttribute("tabindex")).toBe("0");
    } finally {
      await context.close();
    }
  });

  it("keeps every JavaScript-off face reachable by Tab", async () => {
    const context = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await pairKiosk(context, run.server.url, await newPairingCode(run.database.url, "99101-MC"));
      const stops: string[] = [];
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press("Tab");
        const role = await page.evaluate(() => document.activeElement?.getAttribute("role"));
        if (role === "radio") stops.push((await page.evaluate(() => document.activeElement?.textContent)) ?? "");
      }
      expect(stops.map((s) => s.trim())).toEqual(["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"]);
    } finally {
      await context.close();
    }
  });

  for (const [width, height] of [
    [1280, 800],
    [800, 1280],
  ]) {
    it(`fits every screen on a ${width}×${height} tablet without scrolling, with targets of 44×44 or more`, async () => {
      const context = await launchBrowser({ viewport: { width, height }, hasTouch: true });
      try {
        const page = await pairKiosk(context, run.server.url, await newPairingCode(run.database.url, "99101-MC"));
        for (const step of STEPS) {
          await goTo(page, step);
          const size = await page.evaluate(() => ({
            scrollHeight: document.documentElement.scrollHeight,
            scrollWidth: document.documentElement.scrollWidth,
          }));
          expect(size, step).toEqual({ scrollHeight: height, scrollWidth: width });
          const small = await page.evaluate(() =>
            Array.from(document.querySelectorAll<HTMLElement>("button, a, input, select, textarea"))
              .filter((el) => el.getClientRects().length > 0 && !(el as HTMLInputElement).disabled)
              .map((el) => {
                // A checkbox or radio is tapped through its label.
                const target = el.matches("input[type=checkbox], input[type=radio]") ? el.closest("label")! : el;
                const box = target.getBoundingClientRect();
                return { what: target.textContent?.trim() || el.getAttribute("name"), w: box.width, h: box.height };
              })
              .filter((b) => b.w < 44 || b.h < 44)
          );
          expect(small, step).toEqual([]);
          await backToStart(page);
        }
      } finally {
        await context.close();
      }
    });
  }

  it("loses nothing with text at 200% (the tablet zoomed in)", async () => {
    // 200% zoom on a 1280×800 tablet leaves 640×400 CSS pixels.
    const context = await launchBrowser({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
    try {
      const page = await pairKiosk(context, run.server.url, await newPairingCode(run.database.url, "99101-MC"));
      for (const step of STEPS) {
        await goTo(page, step);
        const cut = await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          const out: string[] = [];
          if (document.documentElement.scrollWidth > width)
            out.push(`page ${document.documentElement.scrollWidth}px wide`);
          for (const el of document.querySelectorAll<HTMLElement>("h1, p, label, legend, button, select, textarea")) {
            if (el.getClientRects().length === 0 || el.closest(".visually-hidden")) continue;
            const box = el.getBoundingClientRect();
            if (box.left < 0 || box.right > width + 0.5) out.push(`${el.tagName} «${el.textContent?.trim()}»`);
            if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "hidden") {
              out.push(`${el.tagName} clipped «${el.textContent?.trim()}»`);
            }
          }
          return out;
        });
        expect(cut, step).toEqual([]);
        await backToStart(page);
      }
    } finally {
      await context.close();
    }
  });

  it("finds no WCAG 2.1 AA violation on the sign-in, overview, reports and suspect review pages", async () => {
    // Some flagged responses to review: a tablet posts five taps a second apart.
    const { token } = await newDevice(run.database.url, "99101-MC");
    const start = Date.now() - 60_000;
    const posted = await fetch(`${run.server.url}/api/v1/responses`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        responses: Array.from({ length: 5 }, (_, i) => ({
          id: crypto.randomUUID(),
          submittedAt: new Date(start + i * 1000).toISOString(),
          questionnaireVersion: 1,
          rating: "dissatisfied",
          reasons: ["harassment"],
          comment: "Bấm thử",
        })),
      }),
    });
    expect(posted.status).toBe(200);

    const context: BrowserContext = await launchBrowser();
    try {
      const page = await context.newPage();
      await page.goto(`${run.server.url}/login`);
      expect(await violations(page), "/login").toEqual([]);
      await page.getByLabel("Tên đăng nhập").fill("admin");
      await page.getByLabel("Mật khẩu").fill(printedAdminPassword(run.server.output()));
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await page.getByRole("heading", { name: "Tổng quan" }).waitFor();
      expect(await violations(page), "/admin").toEqual([]);
      await page.goto(`${run.server.url}/reports`);
      await page.getByRole("heading", { level: 1 }).waitFor();
      expect(await violations(page), "/reports").toEqual([]);
      await page.goto(`${run.server.url}/admin`);
      await page.locator("summary", { hasText: "Kết quả" }).click();
      await page.getByRole("link", { name: "Phiếu nghi ngờ" }).click();
      await page.getByRole("heading", { name: "Phiếu nghi ngờ" }).waitFor();
      expect(await page.getByRole("checkbox").count()).toBe(4);
      expect(await violations(page), "/admin/suspects").toEqual([]);
      // A decision, its message, and the reviewed list.
      await page.getByRole("checkbox").first().check();
      await page.getByRole("button", { name: "Giữ loại trừ" }).first().click();
      await page.getByRole("status").filter({ hasText: "Đã giữ loại trừ: 1 phiếu." }).waitFor();
      expect(await violations(page), "/admin/suspects after a decision").toEqual([]);
      await page.getByRole("link", { name: "Đã xem xét" }).click();
      await page.getByRole("cell", { name: "Giữ loại trừ" }).waitFor();
      expect(await violations(page), "/admin/suspects?show=reviewed").toEqual([]);
    } finally {
      await context.close();
    }
  });
});
