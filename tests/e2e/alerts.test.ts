/**
 * The alerts end to end: the built server's scheduler picks up a case.opened
 * event written into case_events, emails the managers through a local SMTP
 * server (smtp-server) and POSTs a signed webhook that a local receiver
 * verifies; stopping the server hands the scheduler's lease back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "~db/connection";
import { runCli } from "~/cli/main.server";
import { startReceiver, startSmtp } from "../helpers/alert-receivers";
import { openTestCase } from "../helpers/cases";
import { databaseFactories, type TestDatabase } from "../helpers/databases";
import { postForm, signIn } from "../helpers/officials";
import { type RunningServer, TEST_SESSION_SECRET, printedAdminPassword, startServer } from "../helpers/server";

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    { out: (s) => out.push(s), err: (s) => err.push(s), readStdin: async () => null },
    env
  );
  if (code !== 0) throw new Error(`${args.join(" ")} → ${code}: ${err.join("\n")}`);
  return JSON.parse(out.join("\n"));
}

async function until<T>(what: string, check: () => T | undefined | false, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(databaseFactories())("alerts from the running server on $dialect", (factory) => {
  let database: TestDatabase;
  let server: RunningServer;
  let handle: DatabaseHandle;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let secret = "";

  beforeAll(async () => {
    database = await factory.create();
    smtp = await startSmtp({ user: "canhbao", pass: "mat-khau-thu" });
    receiver = await startReceiver(() => secret);
    server = await startServer({
      DATABASE_URL: database.url,
      SMTP_URL: smtp.url,
      MAIL_FROM: "HaiLong An Hòa <canhbao@anhoa.gov.vn>",
      JOBS_INTERVAL_SECONDS: "1",
    });
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: "test",
      DATABASE_URL: database.url,
      SESSION_SECRET: TEST_SESSION_SECRET,
      LOG_LEVEL: "silent",
    };
    const manager = await cli(
      [
        "user:create",
        "--username",
        "quanly.huyen",
        "--role",
        "manager",
        "--unit",
        "991",
        "--email",
        "quanly@anhoa.gov.vn",
      ],
      env
    );
    expect(manager).toMatchObject({ username: "quanly.huyen", email: "quanly@anhoa.gov.vn" });
    const hook = await cli(["webhook:create", "--url", receiver.url, "--events", "case.opened,case.concluded"], env);
    expect(hook).toMatchObject({ id: expect.any(Number), events: ["case.opened", "case.concluded"], active: true });
    expect(hook.secret).toMatch(/^[\w-]{40,}$/);
    secret = hook.secret;
    handle = openDatabase(database.url);
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
    await server?.stop();
    await smtp?.close();
    await receiver?.close();
    await database?.drop();
  });

  it("emails the case.opened event to the unit's managers and delivers a signed webhook", async () => {
    const desk = await handle.db
      .selectFrom("desks")
      .select(["id", "unit_id"])
      .where("code", "=", "99101-MC")
      .executeTakeFirstOrThrow();
    const { caseId } = await openTestCase(handle.db, {
      unitId: desk.unit_id,
      deskId: desk.id,
      at: new Date().toISOString(),
      dueOn: "2026-12-21",
      phone: "0987654321",
    });

    const mail = await until("the email", () => smtp.received.find((m) => m.to.includes("quanly@anhoa.gov.vn")));
    expect(mail.raw).toMatch(/^From: .*canhbao@anhoa\.gov\.vn/m);
    expect(mail.text).toContain("nhũng nhiễu, gây phiền hà");
    expect(mail.text).toContain(`/admin/cases/${caseId}`);
    expect(mail.text).not.toContain("0987654321");

    const hook = await until("the webhook", () => receiver.received[0]);
    expect(hook.verified).toBe(true);
    expect(hook.headers["x-hailong-event"]).toBe("case.opened");
    expect(hook.json.case).toMatchObject({ id: caseId, dueOn: "2026-12-21" });
    expect(hook.body).not.toContain("0987654321");
  });

  it("adds a webhook and sends a test from plain form posts (no JavaScript), the secret shown once", async () => {
    const cookie = await signIn(server.url, "admin", printedAdminPassword(server.output()));
    const created = await postForm(
      server.url,
      "/admin/webhooks?index",
      { intent: "create", url: receiver.url, ev_overdue: "on" },
      cookie
    );
    expect(created.status).toBe(200);
    const html = await created.text();
    const secretShown = /<code>([\w-]{40,})<\/code>/.exec(html)?.[1];
    expect(secretShown).toBeDefined();
    const row = await handle.db
      .selectFrom("webhooks")
      .select(["id", "secret"])
      .where("events", "=", "case.overdue")
      .executeTakeFirstOrThrow();
    expect(row.secret).toBe(secretShown);
    const list = await (await fetch(`${server.url}/admin/webhooks`, { headers: { cookie } })).text();
    expect(list).not.toContain(secretShown);

    secret = row.secret;
    const before = receiver.received.length;
    const tested = await postForm(server.url, `/admin/webhooks/${row.id}`, { intent: "test" }, cookie);
    expect(tested.status).toBe(200);
    expect(await tested.text()).toContain("Gửi thử thành công");
    expect(receiver.received.slice(before)).toMatchObject([{ verified: true, json: { event: "ping" } }]);
  });

  it("hands the scheduler's lease back when it stops", async () => {
    const lease = await handle.db.selectFrom("job_leases").selectAll().executeTakeFirstOrThrow();
    expect(Date.parse(lease.until)).toBeGreaterThan(Date.now());
    expect(await server.stop()).toBe(0);
    const after = await handle.db.selectFrom("job_leases").selectAll().executeTakeFirstOrThrow();
    expect(Date.parse(after.until)).toBeLessThanOrEqual(Date.now());
  });
});
