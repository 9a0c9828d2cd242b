/**
 * Case events become alerts: emails to the right managers through a real
 * SMTP server (smtp-server), signed webhooks to a local receiver, retries
 * with backoff, a restart in between, and two schedulers sharing one
 * database through the lease row.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findLease, listMessagesOfUser, readCursor, takeLease } from "~db/repositories/alerts";
import { findUnitByCode } from "~db/repositories/units";
import { CLI_ACTOR } from "~/cli/basics.server";
import { createMailer } from "~/alerts/mailer.server";
import { CASE_EVENTS_CURSOR } from "~/alerts/dispatch.server";
import { createScheduler, type Scheduler } from "~/alerts/scheduler.server";
import { createWebhook } from "~/alerts/webhooks.server";
import { type TestApp, createTestApp } from "../../helpers/app";
import { databaseFactories, type TestDatabase } from "../../helpers/databases";
import { createUnitWithDesk } from "../../helpers/fixtures";
import { staffFor } from "../../helpers/staff";
import { addCaseEvent, openTestCase } from "../../helpers/cases";
import { startReceiver, startSmtp } from "../../helpers/alert-receivers";

const BASE = "https://hailong.example.gov.vn";

describe.each(databaseFactories())("alerts on $dialect", (factory) => {
  let database: TestDatabase;
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let secret = "";
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const users: Record<string, number> = {};
  const desks: Record<string, { unitId: number; deskId: number }> = {};

  const scheduler = (a: TestApp = app, options: { webhookTimeoutMs?: number } = {}): Scheduler =>
    createScheduler(a, {
      baseUrl: BASE,
      mailer: createMailer({ smtpUrl: smtp.url, mailFrom: "HaiLong <canhbao@example.gov.vn>" }),
      ...options,
    });

  beforeAll(async () => {
    database = await factory.create();
    app = await createTestApp(database, "2026-12-07T02:00:00Z");
    smtp = await startSmtp({ user: "hailong", pass: "mat-khau" });
    receiver = await startReceiver(() => secret);
    const province = await createUnitWithDesk(app, { code: "14", name: "Tỉnh Sơn La", level: "province" });
    const district = await createUnitWithDesk(app, {
      code: "141",
      name: "Huyện Mai Sơn",
      level: "district",
      parentId: province.unit.id,
    });
    const commune = await createUnitWithDesk(app, {
      code: "14101",
      name: "Xã Chiềng Mung",
      level: "commune",
      parentId: district.unit.id,
    });
    await createUnitWithDesk(app, {
      code: "142",
      name: "Huyện Yên Châu",
      level: "district",
      parentId: province.unit.id,
    });
    desks.commune = { unitId: commune.unit.id, deskId: commune.desk.id };
    for (const [key, code, email] of [
      ["province", "14", "tinh@example.gov.vn"],
      ["district", "141", "huyen@example.gov.vn"],
      ["commune", "14101", "xa@example.gov.vn"],
      ["communeNoMail", "14101", null],
      ["other", "142", "khac@example.gov.vn"],
    ] as const) {
      const staff = await staffFor(app, "manager", code);
      users[key] = staff.user.id;
      await app.db.updateTable("users").set({ email }).where("id", "=", staff.user.id).execute();
    }
    users.viewer = (await staffFor(app, "viewer", "14101")).user.id;
    const hook = await createWebhook(app.db, CLI_ACTOR, app.now(), {
      url: receiver.url,
      events: ["case.opened", "case.overdue"],
    });
    secret = hook.secret;
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await receiver?.close();
    await database?.drop();
  });

  it("emails a new case to the managers of its unit and of the units above it, signs the webhook, once", async () => {
    const { caseId } = await openTestCase(app.db, {
      ...desks.commune,
      at: app.now().toISOString(),
      dueOn: "2026-12-21",
      phone: "0912345678",
    });
    const s = scheduler();
    expect(await s.runOnce()).toBe(true);
    expect(await s.runOnce()).toBe(true); // a second turn sends nothing again
    await s.stop();

    const to = smtp.received.flatMap((m) => m.to).sort();
    expect(to).toEqual(["huyen@example.gov.vn", "tinh@example.gov.vn", "xa@example.gov.vn"]);
    const mail = smtp.received[0];
    expect(mail.raw).toContain("From: HaiLong <canhbao@example.gov.vn>");
    expect(mail.text).toContain("nhũng nhiễu");
    expect(mail.text).toContain(`${BASE}/admin/cases/${caseId}`);
    expect(mail.text).toContain("21/12/2026");
    expect(mail.text).not.toContain("0912345678");
    expect(mail.text).not.toContain("gợi ý tiền");

    // The manager without an address and nobody outside the chain: in the app only, or nothing.
    const inApp = await listMessagesOfUser(app.db, users.communeNoMail);
    expect(inApp.map((m) => [m.kind, m.status])).toEqual([["opened", "in_app"]]);
    expect(await listMessagesOfUser(app.db, users.other)).toEqual([]);
    expect(await listMessagesOfUser(app.db, users.viewer)).toEqual([]);

    expect(receiver.received).toHaveLength(1);
    const hook = receiver.received[0];
    expect(hook.verified).toBe(true);
    expect(hook.headers["x-hailong-event"]).toBe("case.opened");
    expect(hook.json).toMatchObject({
      event: "case.opened",
      deliveryId: hook.headers["x-hailong-delivery"],
      case: { id: caseId, unit: { code: "14101" }, dueOn: "2026-12-21", url: `${BASE}/admin/cases/${caseId}` },
    });
    expect(hook.body).not.toContain("0912345678");
    expect(await readCursor(app.db, CASE_EVENTS_CURSOR)).toBeGreaterThan(0);
  });

  it("tells the assignee two days ahead and, when overdue, the managers one level up; retries a 500 with backoff", async () => {
    smtp.received.length = 0;
    receiver.received.length = 0;
    const { caseId } = await openTestCase(app.db, {
      ...desks.commune,
      at: app.now().toISOString(),
      dueOn: "2026-12-21",
      assigneeUserId: users.commune,
    });
    const s = scheduler();
    await s.runOnce();
    smtp.received.length = 0;
    receiver.received.length = 0;

    await addCaseEvent(app.db, caseId, "due_soon", app.now().toISOString());
    await s.runOnce();
    expect(smtp.received.flatMap((m) => m.to)).toEqual(["xa@example.gov.vn"]);
    expect(receiver.received).toHaveLength(0); // not subscribed to case.due_soon

    smtp.received.length = 0;
    receiver.answers.push(500);
    await addCaseEvent(app.db, caseId, "overdue", app.now().toISOString());
    await s.runOnce();
    expect(smtp.received.flatMap((m) => m.to).sort()).toEqual(["huyen@example.gov.vn", "xa@example.gov.vn"]);
    expect(receiver.received.map((r) => r.json.event)).toEqual(["case.overdue"]);

    // Not before the backoff has passed; then once more, and delivered.
    await s.runOnce();
    expect(receiver.received).toHaveLength(1);
    app.setNow(new Date(app.now().getTime() + 31_000));
    await s.runOnce();
    await s.stop();
    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(second.headers["x-hailong-delivery"]).toBe(first.headers["x-hailong-delivery"]);
    expect(second.body).toBe(first.body);
    expect(second.verified).toBe(true);
    const attempts = await app.db
      .selectFrom("webhook_attempts")
      .select(["status_code"])
      .where("delivery_id", "=", String(first.headers["x-hailong-delivery"]))
      .orderBy("id")
      .execute();
    expect(attempts.map((a) => a.status_code)).toEqual([500, 204]);
  });

  it("runs the deadline check in its turn: two working days ahead the assignee is told, once", async () => {
    smtp.received.length = 0;
    // Monday 7/12/2026: two working days on is Wednesday 9/12, the case's last day.
    const { caseId } = await openTestCase(app.db, {
      ...desks.commune,
      at: app.now().toISOString(),
      dueOn: "2026-12-09",
      assigneeUserId: users.commune,
    });
    const s = scheduler();
    await s.runOnce();
    await s.runOnce();
    await s.stop();
    const events = await app.db.selectFrom("case_events").select("type").where("case_id", "=", caseId).execute();
    expect(events.map((e) => e.type).sort()).toEqual(["due_soon", "opened"]);
    const toAssignee = (await listMessagesOfUser(app.db, users.commune)).filter((m) => m.caseId === caseId);
    expect(toAssignee.map((m) => m.kind).sort()).toEqual(["due_soon", "opened"]);
  });

  it("retries an email the SMTP server refused, after the backoff", async () => {
    smtp.received.length = 0;
    smtp.state.refuseNext = 1;
    await openTestCase(app.db, { ...desks.commune, at: app.now().toISOString(), dueOn: "2026-12-22" });
    const s = scheduler();
    await s.runOnce();
    expect(smtp.received).toHaveLength(2); // three sent, one refused
    const waiting = await app.db.selectFrom("alert_messages").selectAll().where("status", "=", "pending").execute();
    expect(waiting).toHaveLength(1);
    expect(waiting[0].last_error).toMatch(/451/);
    app.setNow(new Date(app.now().getTime() + 31_000));
    await s.runOnce();
    await s.stop();
    expect(smtp.received).toHaveLength(3);
    expect(await app.db.selectFrom("alert_messages").select("id").where("status", "=", "pending").execute()).toEqual(
      []
    );
  });

  it("keeps what was not delivered across a restart, and sends it once after", async () => {
    receiver.received.length = 0;
    receiver.answers.push(503);
    await openTestCase(app.db, { ...desks.commune, at: app.now().toISOString(), dueOn: "2026-12-22" });
    const s = scheduler();
    await s.runOnce();
    await s.stop();
    expect(receiver.received).toHaveLength(1);
    const cursor = await readCursor(app.db, CASE_EVENTS_CURSOR);
    await app.close();

    app = await createTestApp(database, new Date(Date.parse("2026-12-07T02:00:00Z") + 10 * 60_000));
    expect(await readCursor(app.db, CASE_EVENTS_CURSOR)).toBe(cursor);
    const again = scheduler(app);
    await again.runOnce();
    await again.runOnce();
    await again.stop();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1].body).toBe(receiver.received[0].body);
  });

  it("records a receiver that never answers as a failed attempt after the timeout, and tries again after the backoff", async () => {
    receiver.received.length = 0;
    receiver.answers.push("silent");
    await openTestCase(app.db, { ...desks.commune, at: app.now().toISOString(), dueOn: "2026-12-22" });
    const s = scheduler(app, { webhookTimeoutMs: 300 });
    const started = performance.now();
    await s.runOnce();
    const took = performance.now() - started;
    expect(receiver.received).toHaveLength(1); // it got the request, and said nothing
    expect(took).toBeGreaterThanOrEqual(300);
    expect(took).toBeLessThan(5_000); // the turn went on without waiting for the receiver
    const deliveryId = String(receiver.received[0].headers["x-hailong-delivery"]);
    const delivery = () =>
      app.db
        .selectFrom("webhook_deliveries")
        .select(["status", "attempts", "next_attempt_at"])
        .where("id", "=", deliveryId)
        .executeTakeFirstOrThrow();
    const attempts = () =>
      app.db
        .selectFrom("webhook_attempts")
        .select(["status_code", "error"])
        .where("delivery_id", "=", deliveryId)
        .orderBy("id")
        .execute();
    expect(await delivery()).toEqual({
      status: "pending",
      attempts: 1,
      next_attempt_at: new Date(app.now().getTime() + 30_000).toISOString(),
    });
    expect(await attempts()).toEqual([{ status_code: null, error: "timeout after 300 ms" }]);

    // Not again before the backoff has passed; then the same delivery once more, and delivered.
    await s.runOnce();
    expect(receiver.received).toHaveLength(1);
    app.setNow(new Date(app.now().getTime() + 31_000));
    await s.runOnce();
    await s.stop();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1].headers["x-hailong-delivery"]).toBe(deliveryId);
    expect(receiver.received[1].verified).toBe(true);
    expect(await delivery()).toMatchObject({ status: "delivered", attempts: 2, next_attempt_at: null });
    expect((await attempts()).map((a) => a.status_code)).toEqual([null, 204]);
  });

  it("runs a turn in one process at a time: the lease is taken atomically and handed back on stop", async () => {
    const now = app.now();
    const later = (ms: number) => new Date(now.getTime() + ms).toISOString();
    expect(await takeLease(app.db, "test-lease", "a", now.toISOString(), later(60_000))).toBe(true);
    expect(await takeLease(app.db, "test-lease", "b", later(1_000), later(61_000))).toBe(false);
    expect(await takeLease(app.db, "test-lease", "a", later(1_000), later(61_000))).toBe(true);
    expect(await takeLease(app.db, "test-lease", "b", later(62_000), later(122_000))).toBe(true);
    expect((await findLease(app.db, "test-lease"))?.holder).toBe("b");

    // Twenty contenders at once: exactly one wins.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => takeLease(app.db, "race", `p${i}`, now.toISOString(), later(60_000)))
    );
    expect(results.filter(Boolean)).toHaveLength(1);

    const s = scheduler();
    await s.runOnce();
    const unit = await findUnitByCode(app.db, "14101");
    expect(unit).toBeDefined();
    expect((await findLease(app.db, "scheduler"))?.holder).toBe(s.holder);
    const other = scheduler();
    expect(await other.runOnce()).toBe(false);
    await s.stop();
    expect(await other.runOnce()).toBe(true);
    await other.stop();
  });

  it("two processes' schedulers on one database deliver each event once", async () => {
    receiver.received.length = 0;
    const second = await createTestApp(database, app.now());
    try {
      const opened = [];
      for (let i = 0; i < 3; i++) {
        opened.push(await openTestCase(app.db, { ...desks.commune, at: app.now().toISOString(), dueOn: "2026-12-23" }));
      }
      const a = scheduler(app);
      const b = scheduler(second);
      for (let round = 0; round < 3; round++) await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
      await Promise.all([a.stop(), b.stop()]);
      const ids = receiver.received.map((r) => r.json.case.id).sort((x: number, y: number) => x - y);
      expect(ids).toEqual(opened.map((o) => o.caseId));
      expect(receiver.received.every((r) => r.verified)).toBe(true);
    } finally {
      await second.close();
    }
  });
});
