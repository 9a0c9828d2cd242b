/**
 * The alerts' administration through the pages' own loaders and actions:
 * webhooks (create with a refused URL, the secret once, «gửi thử», stop),
 * a user's email, and who hears of a new case.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEntries } from "~db/repositories/audit";
import { findUserById } from "~db/repositories/users";
import { loadMail, loadWebhook, mailAction, webhookAction, webhooksAction } from "~/alerts/pages.server";
import { createScheduler } from "~/alerts/scheduler.server";
import { startSession } from "~/auth/session.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk } from "../../helpers/fixtures";
import { staffFor } from "../../helpers/staff";
import { openTestCase } from "../../helpers/cases";
import { startReceiver } from "../../helpers/alert-receivers";

describe.each(databaseFactories())("alerts administration on $dialect", (factory) => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let secret = "";
  const testApp = useTestApp(factory, async (app) => {
    const province = await createUnitWithDesk(app, { code: "14", name: "Tỉnh Sơn La", level: "province" });
    await createUnitWithDesk(app, {
      code: "141",
      name: "Huyện Mai Sơn",
      level: "district",
      parentId: province.unit.id,
    });
  });
  beforeAll(async () => {
    receiver = await startReceiver(() => secret);
  });
  afterAll(() => receiver?.close());

  async function post(path: string, form: Record<string, string>, cookie: string) {
    return new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
  }
  async function adminCookie() {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const cookie = (await startSession(app, admin.user.id, new Request("http://localhost/"))).split(";")[0];
    return { admin, cookie };
  }

  it("refuses a webhook URL that is not http(s), shows the secret once, tests it and stops it; all audited", async () => {
    const app = testApp();
    const { cookie } = await adminCookie();
    const refused = await webhooksAction(
      app,
      await post("/admin/webhooks", { intent: "create", url: "javascript:alert(1)", ev_opened: "on" }, cookie)
    );
    expect(refused.status).toBe(400);
    expect(refused.body.failure?.errors.url).toBe("Địa chỉ phải bắt đầu bằng http:// hoặc https://.");
    const noEvent = await webhooksAction(
      app,
      await post("/admin/webhooks", { intent: "create", url: receiver.url }, cookie)
    );
    expect(noEvent.status).toBe(400);
    expect(Object.keys(noEvent.body.failure?.errors ?? {})).toEqual(["events"]);

    const made = await webhooksAction(
      app,
      await post("/admin/webhooks", { intent: "create", url: receiver.url, ev_opened: "on", ev_overdue: "on" }, cookie)
    );
    expect(made.status).toBe(200);
    const created = "created" in made.body ? made.body.created! : null;
    expect(created).toMatchObject({ events: ["case.opened", "case.overdue"], active: true });
    secret = created!.secret;

    const tested = await webhookAction(
      app,
      await post(`/admin/webhooks/${created!.id}`, { intent: "test" }, cookie),
      String(created!.id)
    );
    expect(tested.body).toMatchObject({ test: { ok: true, status: 204 } });
    expect(receiver.received.at(-1)).toMatchObject({ verified: true, json: { event: "ping" } });
    const page = await loadWebhook(app, new Request("http://localhost/", { headers: { cookie } }), String(created!.id));
    expect(page.deliveries).toMatchObject([{ event: "ping", status: "delivered", attempts: [{ statusCode: 204 }] }]);

    await expect(
      webhookAction(
        app,
        await post(`/admin/webhooks/${created!.id}`, { intent: "deactivate" }, cookie),
        String(created!.id)
      )
    ).rejects.toMatchObject({ status: 302 });
    const entries = await listAuditEntries(app.db, { entity: "webhook" });
    expect(entries.map((e) => e.action).sort()).toEqual(["create", "disable", "send_test"]);
    expect(entries.map((e) => `${e.before}${e.after}`).join()).not.toContain(secret);

    // A stopped webhook gets nothing more.
    const before = receiver.received.length;
    const desk = await app.db
      .selectFrom("desks")
      .select(["id", "unit_id"])
      .where("code", "=", "141-MC")
      .executeTakeFirstOrThrow();
    await openTestCase(app.db, {
      unitId: desk.unit_id,
      deskId: desk.id,
      at: app.now().toISOString(),
      dueOn: "2026-12-10",
    });
    const s = createScheduler(app, { mailer: null, baseUrl: "http://x" });
    await s.runOnce();
    await s.stop();
    expect(receiver.received.length).toBe(before);
  });

  it("keeps a user's email (checked, audited), and lets the administrator choose who hears of a new case", async () => {
    const app = testApp();
    const { cookie } = await adminCookie();
    const manager = await staffFor(app, "manager", "141");
    const row = (await findUserById(app.db, manager.user.id))!;
    const { userAction } = await import("~/admin/users.server");
    const bad = await userAction(
      app,
      await post(`/admin/users/${row.id}`, { intent: "email", email: "khong-phai-thu" }, cookie),
      String(row.id)
    );
    expect(bad.status).toBe(400);
    expect(bad.body.failure?.errors.email).toBe("Địa chỉ thư điện tử không hợp lệ.");
    await expect(
      userAction(
        app,
        await post(`/admin/users/${row.id}`, { intent: "email", email: "quanly@sonla.gov.vn" }, cookie),
        String(row.id)
      )
    ).rejects.toMatchObject({ status: 302 });
    expect((await findUserById(app.db, row.id))?.email).toBe("quanly@sonla.gov.vn");
    const audit = await listAuditEntries(app.db, { entity: "user", entityId: String(row.id) });
    expect(audit[0].after).toMatchObject({ email: "quanly@sonla.gov.vn" });

    const refused = await mailAction(
      app,
      await post("/admin/mail", { intent: "audience", audience: "everyone" }, cookie)
    );
    expect(refused.status).toBe(400);
    await expect(
      mailAction(app, await post("/admin/mail", { intent: "audience", audience: "unit" }, cookie))
    ).rejects.toMatchObject({ status: 302 });
    const page = await loadMail(app, new Request("http://localhost/admin/mail", { headers: { cookie } }));
    expect(page).toMatchObject({ smtp: false, audience: "unit" });
  });
});
