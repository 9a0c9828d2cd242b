/**
 * The citizen's phone on a harassment case (issue 16, ADR 048): written with
 * the case, exactly once, never on the response; the full number for the
 * assignee and administrators only; erased by the scheduler the set number of
 * days after conclusion; the cases' settings on /admin/settings.
 */
import { describe, expect, it } from "vitest";
import { listAuditEntries } from "~db/repositories/audit";
import { findCase, listCaseEvents, updateCase } from "~db/repositories/cases";
import { getSetting } from "~db/repositories/settings";
import { insertUser } from "~db/repositories/users";
import { settingsAction } from "~/admin/settings.server";
import { CASE_JOBS, createScheduler } from "~/alerts/scheduler.server";
import { startSession } from "~/auth/session.server";
import { runCli } from "~/cli/main.server";
import { caseContactFor } from "~/cases/contacts.server";
import { ingestResponses } from "~/ingest/ingest.server";
import { type TestApp, useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, item, seedReference } from "../../helpers/fixtures";
import { staffFor } from "../../helpers/staff";

const harassment = (overrides: Record<string, unknown> = {}) =>
  item({ rating: "dissatisfied", reasons: ["harassment"], submittedAt: "2026-11-26T09:30:00+07:00", ...overrides });

async function adminPost(app: TestApp, form: Record<string, string>) {
  const at = app.now().toISOString();
  const user = await insertUser(app.db, {
    username: `admin-${Math.random().toString(36).slice(2, 8)}`,
    passwordHash: "x",
    role: "admin",
    unitId: null,
    createdAt: at,
    passwordChangedAt: at,
  });
  const cookie = (await startSession(app, user.id, new Request("http://localhost/"))).split(";")[0];
  return new Request("http://localhost/admin/settings", {
    method: "POST",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
}

async function redirected(work: Promise<unknown>): Promise<string | null> {
  try {
    await work;
    return null;
  } catch (error) {
    if (error instanceof Response && error.status === 302) return error.headers.get("location");
    throw error;
  }
}

describe.each(databaseFactories())("citizens' contacts on cases on $dialect", (factory) => {
  const testApp = useTestApp(factory, seedReference);

  async function caseOf(app: TestApp, responseId: string) {
    return app.db.selectFrom("cases").selectAll().where("response_id", "=", responseId).executeTakeFirst();
  }

  it("keeps the phone with the case, once under retries, never on the response; refuses a bad one", async () => {
    const app = testApp();
    const desk = await createUnitWithDesk(app, { code: "73001", name: "Xã Liên Hệ", level: "commune" });
    const left = harassment({ contactPhone: "+84 912 345 678" });
    const skipped = harassment({ submittedAt: "2026-11-26T09:40:00+07:00" });
    const outcomes = await ingestResponses(app, desk.identity, [left, skipped], app.now());
    expect(outcomes.map((o) => o.status)).toEqual(["created", "created"]);
    // A retry, even one carrying another number, is the same response: no second contact.
    const retried = await ingestResponses(
      app,
      desk.identity,
      [left, { ...left, contactPhone: "0987654321" }],
      app.now()
    );
    expect(retried.map((o) => o.status)).toEqual(["duplicate", "duplicate"]);

    const c = (await caseOf(app, left.id))!;
    expect(await app.db.selectFrom("case_contacts").selectAll().execute()).toEqual([
      { case_id: c.id, phone: "0912345678", consented_at: "2026-11-26T02:30:00.000Z" },
    ]);
    expect(await caseOf(app, skipped.id)).toBeDefined();
    const stored = await app.db.selectFrom("responses").selectAll().where("id", "=", left.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toMatch(/912.?345.?678/);
    // Nor in the CLI's list of cases.
    const out: string[] = [];
    const code = await runCli(
      ["cases:list", "--status", "all", "--format", "json"],
      { out: (x) => out.push(x), err: (x) => out.push(x), readStdin: async () => null },
      { NODE_ENV: "test", DATABASE_URL: app.config.databaseUrl, SESSION_SECRET: "x".repeat(40), LOG_LEVEL: "silent" }
    );
    expect(code).toBe(0);
    expect((JSON.parse(out.join("\n")) as { id: number }[]).map((x) => x.id)).toContain(c.id);
    expect(out.join("\n")).not.toMatch(/912.?345.?678/);

    const bad = await ingestResponses(
      app,
      desk.identity,
      [
        harassment({ contactPhone: "024 3825 3536" }),
        item({ rating: "dissatisfied", reasons: ["long_wait"], contactPhone: "0912345678" }),
      ],
      app.now()
    );
    expect(bad.map((o) => [o.status, o.problems?.map((p) => `${p.field}:${p.code}`)])).toEqual([
      ["invalid", ["contactPhone:invalid_phone"]],
      ["invalid", ["contactPhone:contact_only_with_harassment"]],
    ]);
  });

  it("shows the full number to the assignee and administrators, masked to other managers and viewers", async () => {
    const app = testApp();
    const desk = await createUnitWithDesk(app, { code: "73002", name: "Xã Che Số", level: "commune" });
    const one = harassment({ contactPhone: "0912345123" });
    await ingestResponses(app, desk.identity, [one], app.now());
    const assignee = await staffFor(app, "manager", "73002");
    const other = await staffFor(app, "manager", "73002");
    const viewer = await staffFor(app, "viewer", "73002");
    const admin = await staffFor(app, "admin");
    const id = (await caseOf(app, one.id))!.id;
    await updateCase(app.db, id, { assigneeUserId: assignee.user.id });
    const c = (await findCase(app.db, id))!;
    const seen = async (staff: typeof admin) => (await caseContactFor(app.db, staff, c))?.phone;
    expect(await seen(assignee)).toBe("0912345123");
    expect(await seen(admin)).toBe("0912345123");
    expect(await seen(other)).toBe("09•••••123");
    expect(await seen(viewer)).toBe("09•••••123");
  });

  it("erases the contact the set number of days after conclusion, by the scheduler, with its event and audit entry", async () => {
    const app = testApp();
    const desk = await createUnitWithDesk(app, { code: "73003", name: "Xã Xóa Số", level: "commune" });
    const open = harassment({ contactPhone: "0912345678" });
    const concluded = harassment({ contactPhone: "0387654321", submittedAt: "2026-11-26T09:50:00+07:00" });
    await ingestResponses(app, desk.identity, [open, concluded], app.now());
    const closedId = (await caseOf(app, concluded.id))!.id;
    await updateCase(app.db, closedId, {
      status: "concluded",
      concludedAt: "2026-12-01T03:00:00.000Z",
      finding: "founded",
      measures: "Nhắc nhở",
    });
    // 30 days kept (an administrator's setting).
    const location = await redirected(
      settingsAction(
        app,
        await adminPost(app, { intent: "cases", case_deadline_working_days: "10", case_contact_retention_days: "30" })
      )
    );
    expect(location).toBe("/admin/settings?notice=case_settings_saved");
    const scheduler = createScheduler(app, { jobs: CASE_JOBS, mailer: null });
    const openId = (await caseOf(app, open.id))!.id;
    const contacts = async () =>
      (
        await app.db
          .selectFrom("case_contacts")
          .select("phone")
          .where("case_id", "in", [openId, closedId])
          .orderBy("phone")
          .execute()
      ).map((r) => r.phone);

    app.setNow("2026-12-31T02:59:00.000Z"); // 29 days 23 hours 59 minutes after
    expect(await scheduler.runOnce()).toBe(true);
    expect(await contacts()).toEqual(["0387654321", "0912345678"]);

    app.setNow("2026-12-31T03:01:00.000Z");
    expect(await scheduler.runOnce()).toBe(true);
    expect(await scheduler.runOnce()).toBe(true);
    await scheduler.stop();
    // The open case keeps its contact.
    expect(await contacts()).toEqual(["0912345678"]);
    const events = await listCaseEvents(app.db, closedId);
    expect(events.filter((e) => e.type === "contact_erased").map((e) => e.at)).toEqual(["2026-12-31T03:01:00.000Z"]);
    const audit = await listAuditEntries(app.db, { entity: "case", entityId: String(closedId) });
    expect(audit.map((a) => [a.action, a.username, a.after])).toEqual([
      ["erase_contact", "[scheduler]", { contact: null, retentionDays: 30 }],
    ]);
    const staff = await staffFor(app, "admin");
    expect(await caseContactFor(app.db, staff, (await findCase(app.db, closedId))!)).toBeNull();
  });

  it("saves the deadline and retention settings validated and audited; cases opened afterwards take the new deadline", async () => {
    const app = testApp();
    app.setNow("2026-11-26T03:00:00Z");
    const desk = await createUnitWithDesk(app, { code: "73004", name: "Xã Cài Đặt", level: "commune" });
    const post = async (form: Record<string, string>) => settingsAction(app, await adminPost(app, form));
    const bad = await post({ intent: "cases", case_deadline_working_days: "0", case_contact_retention_days: "abc" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.failure?.errors ?? {}).sort()).toEqual([
      "case_contact_retention_days",
      "case_deadline_working_days",
    ]);
    // Nothing written (the previous test saved 10 and 30).
    expect(await getSetting(app.db, "case_deadline_working_days")).toBe("10");
    expect(await getSetting(app.db, "case_contact_retention_days")).toBe("30");

    const before = harassment({ submittedAt: "2026-11-26T09:00:00+07:00" });
    await ingestResponses(app, desk.identity, [before], app.now());
    expect(
      await redirected(post({ intent: "cases", case_deadline_working_days: "5", case_contact_retention_days: "90" }))
    ).toBe("/admin/settings?notice=case_settings_saved");
    const after = harassment({ submittedAt: "2026-11-26T09:10:00+07:00" });
    await ingestResponses(app, desk.identity, [after], app.now());
    // Thursday 26/11/2026: + 10 working days is Thursday 10/12; + 5 is Thursday 3/12.
    expect((await caseOf(app, before.id))!.due_on).toBe("2026-12-10");
    expect((await caseOf(app, after.id))!.due_on).toBe("2026-12-03");
    const audit = await listAuditEntries(app.db, { entity: "setting" });
    expect(audit.slice(0, 2).map((a) => [a.entityId, a.before, a.after])).toEqual([
      ["case_contact_retention_days", { value: "30" }, { value: "90" }],
      ["case_deadline_working_days", { value: "10" }, { value: "5" }],
    ]);
  });
});
