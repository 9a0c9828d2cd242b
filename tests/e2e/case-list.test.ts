/**
 * /admin/cases in Chromium (JavaScript off), on each database (issue 16): the
 * status, overdue and period filters, the counts per status at the top, and
 * the scope — a manager of district A sees neither district B's cases in the
 * list nor in the header's open and overdue counts (overdue in red).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openDatabase } from "~db/connection";
import { openCases } from "~db/repositories/cases";
import { hasBrowser, launchBrowser, signInAsAdmin } from "../helpers/browser";
import { databaseFactories } from "../helpers/databases";
import { createAccount } from "../helpers/officials";
import { useServer } from "../helpers/server";

/**
 * The cases, by name: where (unit code), status, when opened (ISO instant),
 * last day. Dates in the past are overdue unless concluded; 2099 is never.
 */
const CASES = {
  // 23:30 local on 31/10: before a period starting 1/11.
  a1: { unit: "99101", status: "new", openedAt: "2026-10-31T16:30:00Z", dueOn: "2099-12-31" },
  a2: { unit: "99101", status: "new", openedAt: "2026-11-02T02:00:00Z", dueOn: "2099-12-31" },
  a3: { unit: "99101", status: "verifying", openedAt: "2026-11-10T02:00:00Z", dueOn: "2026-11-24" },
  // 23:30 local on 30/11: inside a period ending 30/11.
  a4: { unit: "99101", status: "new", openedAt: "2026-11-30T16:30:00Z", dueOn: "2026-12-01" },
  a5: { unit: "99101", status: "concluded", openedAt: "2026-11-12T02:00:00Z", dueOn: "2026-11-20" },
  // 00:30 local on 1/12: after a period ending 30/11.
  a6: { unit: "991", status: "new", openedAt: "2026-11-30T17:30:00Z", dueOn: "2099-12-31" },
  b1: { unit: "992", status: "new", openedAt: "2026-11-15T02:00:00Z", dueOn: "2026-11-20" },
  b2: { unit: "99201", status: "verifying", openedAt: "2026-11-16T02:00:00Z", dueOn: "2099-12-31" },
} as const;
type Name = keyof typeof CASES;

const MANAGER_A = { username: "huyen.a.quanly", password: "mat-khau-kiem-thu-01" };

describe.skipIf(!hasBrowser).each(databaseFactories())("the cases list on $dialect", (factory) => {
  const run = useServer(factory);
  const ids = {} as Record<Name, number>;
  const nameOf = new Map<number, Name>();

  beforeAll(async () => {
    await createAccount(run.database.url, { ...MANAGER_A, role: "manager", unit: "991" });
    const handle = openDatabase(run.database.url);
    try {
      const taken = new Map<string, number>(); // responses already used, per unit
      for (const [name, c] of Object.entries(CASES) as [Name, (typeof CASES)[Name]][]) {
        const r = await handle.db
          .selectFrom("responses")
          .innerJoin("units", "units.id", "responses.unit_id")
          .select(["responses.id", "responses.unit_id", "responses.desk_id"])
          .where("units.code", "=", c.unit)
          .orderBy("responses.id")
          .limit(1)
          .offset(taken.get(c.unit) ?? 0)
          .executeTakeFirstOrThrow();
        taken.set(c.unit, (taken.get(c.unit) ?? 0) + 1);
        const [id] = await openCases(handle.db, [
          { responseId: r.id, unitId: r.unit_id, deskId: r.desk_id, openedAt: c.openedAt, dueOn: c.dueOn },
        ]);
        if (c.status !== "new") {
          const concluded = c.status === "concluded";
          await handle.db
            .updateTable("cases")
            .set({
              status: c.status,
              ...(concluded ? { finding: "unfounded", measures: "—", concluded_at: "2026-11-19T02:00:00.000Z" } : {}),
            })
            .where("id", "=", id)
            .execute();
        }
        ids[name] = id;
        nameOf.set(id, name);
      }
    } finally {
      await handle.close();
    }
  });

  // A browser profile per signed-in user, JavaScript off.
  const contexts: Awaited<ReturnType<typeof launchBrowser>>[] = [];
  const newPage = async () => {
    const context = await launchBrowser({ javaScriptEnabled: false });
    contexts.push(context);
    return context.newPage();
  };
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  /** The cases the page lists, by name, in order. */
  async function listed(page: Page): Promise<Name[]> {
    const names = await page.getByRole("link", { name: /^Phản ánh số \d+$/ }).allInnerTexts();
    return names.map((n) => nameOf.get(Number(n.replace(/\D/g, "")))!).sort();
  }
  /** The counts at the top of the page, as read. */
  async function counts(page: Page) {
    const list = page.getByRole("list", { name: "Số phản ánh theo trạng thái" });
    const text = (await list.innerText()).replace(/\s+/g, " ").trim();
    const overdueItem = list.getByRole("listitem").filter({ hasText: "quá hạn" });
    return { text, overdueRed: ((await overdueItem.getAttribute("class")) ?? "").split(" ").includes("overdue") };
  }

  it("filters by status, overdue and period, and counts per status at the top", async () => {
    const page = await newPage();
    await signInAsAdmin(page, run.server);
    const show = async (query: string) => {
      const response = await page.goto(`${run.server.url}/admin/cases${query}`);
      expect(response!.status()).toBe(200);
      return listed(page);
    };

    // Open cases by default; each status on its own; all of them.
    expect(await show("")).toEqual(["a1", "a2", "a3", "a4", "a6", "b1", "b2"]);
    expect(await show("?status=new")).toEqual(["a1", "a2", "a4", "a6", "b1"]);
    expect(await show("?status=verifying")).toEqual(["a3", "b2"]);
    expect(await show("?status=concluded")).toEqual(["a5"]);
    expect(await show("?status=all")).toEqual(["a1", "a2", "a3", "a4", "a5", "a6", "b1", "b2"]);
    // The counts at the top are of every status whatever the status shown, overdue ones in red.
    expect(await counts(page)).toEqual({
      text: "5 Mới 2 Đang xác minh 1 Đã kết luận 3 quá hạn",
      overdueRed: true,
    });

    // Overdue: open cases past their last day, never a concluded one.
    expect(await show("?status=all&overdue=1")).toEqual(["a3", "a4", "b1"]);
    expect(await show("?status=new&overdue=1")).toEqual(["a4", "b1"]);
    expect(await show("?status=concluded&overdue=1")).toEqual([]);
    await page.getByText("Không có phản ánh nào phù hợp.").waitFor();

    // The period is of local days (UTC+7), both ends included; the counts follow it.
    expect(await show("?status=all&from=2026-11-01&to=2026-11-30")).toEqual(["a2", "a3", "a4", "a5", "b1", "b2"]);
    expect(await counts(page)).toEqual({
      text: "3 Mới 2 Đang xác minh 1 Đã kết luận 3 quá hạn",
      overdueRed: true,
    });
    expect(await show("?status=all&from=2026-11-30")).toEqual(["a4", "a6"]);
    expect(await show("?status=all&to=2026-10-31")).toEqual(["a1"]);
    expect(await counts(page)).toEqual({
      text: "1 Mới 0 Đang xác minh 0 Đã kết luận 0 quá hạn",
      overdueRed: false,
    });

    // The same through the form, as a user without JavaScript fills it in.
    await page.goto(`${run.server.url}/admin/cases`);
    await page.getByLabel("Trạng thái", { exact: true }).selectOption({ label: "Tất cả" });
    await page.getByLabel("Chỉ phản ánh quá hạn").check();
    await page.getByLabel("Tiếp nhận từ ngày").fill("2026-11-01");
    await page.getByLabel("Đến ngày").fill("2026-11-30");
    await page.getByRole("button", { name: "Lọc", exact: true }).click();
    await page.waitForURL(/overdue=1/);
    expect(await listed(page)).toEqual(["a3", "a4", "b1"]);
    // The form shows the filter it applied.
    expect(await page.getByLabel("Trạng thái", { exact: true }).inputValue()).toBe("all");
    expect(await page.getByLabel("Chỉ phản ánh quá hạn").isChecked()).toBe(true);
    expect(await page.getByLabel("Tiếp nhận từ ngày").inputValue()).toBe("2026-11-01");
    expect(await page.getByLabel("Đến ngày").inputValue()).toBe("2026-11-30");
  });

  it("shows a manager of district A only district A's cases, in the list, the counts and the header", async () => {
    const page = await newPage();
    await page.goto(`${run.server.url}/login`);
    await page.getByLabel("Tên đăng nhập").fill(MANAGER_A.username);
    await page.getByLabel("Mật khẩu").fill(MANAGER_A.password);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(`${run.server.url}/admin`);

    const response = await page.goto(`${run.server.url}/admin/cases?status=all`);
    expect(response!.status()).toBe(200);
    expect(await listed(page)).toEqual(["a1", "a2", "a3", "a4", "a5", "a6"]);
    const html = await page.content();
    for (const b of ["b1", "b2"] as const) expect(html).not.toContain(`Phản ánh số ${ids[b]}<`);
    expect(html).not.toContain("Huyện Thanh Bình");
    expect(html).not.toContain("Thị trấn Thanh Bình");
    expect(await counts(page)).toEqual({
      text: "4 Mới 1 Đang xác minh 1 Đã kết luận 2 quá hạn",
      overdueRed: true,
    });
    // B's case itself is not found for them.
    expect((await page.goto(`${run.server.url}/admin/cases/${ids.b1}`))!.status()).toBe(404);

    // The header, on every page: the open cases of their scope (a1–a4, a6), the overdue ones (a3, a4) in red.
    await page.goto(`${run.server.url}/admin`);
    const badge = page.locator(".site-header .case-badge");
    expect((await badge.innerText()).trim()).toBe("(5 đang mở, 2 quá hạn)");
    const overdue = badge.locator(".overdue");
    expect((await overdue.innerText()).trim()).toBe("2 quá hạn");
    expect(await overdue.evaluate((e) => getComputedStyle(e).color)).toBe("rgb(163, 25, 31)");
    expect(await badge.evaluate((e) => getComputedStyle(e).color)).not.toBe("rgb(163, 25, 31)");

    // The administrator's header counts the whole province: B's open cases too.
    const admin = await newPage();
    await signInAsAdmin(admin, run.server);
    expect((await admin.locator(".site-header .case-badge").innerText()).trim()).toBe("(7 đang mở, 3 quá hạn)");
  });
});
