/**
 * Every request body HaiLong reads is capped while it streams, chunked or
 * not: public forms (sign-in, pairing, the kiosk's no-JavaScript form) 64 KB,
 * administration forms 1 MB, the unit CSV import 5 MB and its form, the
 * device API its own limits. Past the cap the answer is 413 at once, the
 * connection is closed and nothing is parsed or stored — even when the
 * fields before the excess would have signed in, paired or imported.
 */
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { item } from "../helpers/fixtures";
import { newDevice } from "../helpers/kiosk";
import { postForm, signIn } from "../helpers/officials";
import { printedAdminPassword, useServer } from "../helpers/server";
import { type UploadAnswer, serverMemory, upload } from "../helpers/uploads";

const MB = 1024 * 1024;
/** What the attacker of issue 12 sent: 50 MB, generated while it is sent. */
const HUGE = 50 * MB;
const FORM = { "content-type": "application/x-www-form-urlencoded" };

describe("request body limits", () => {
  const running = useServer();
  let admin: string;
  let adminPassword: string;
  let device: Awaited<ReturnType<typeof newDevice>>;
  let kioskCookie: string;
  let memoryBefore: number;

  beforeAll(async () => {
    const { server, database } = running;
    adminPassword = printedAdminPassword(server.output());
    admin = await signIn(server.url, "admin", adminPassword);
    device = await newDevice(database.url, "991-MC");
    const paired = await postForm(server.url, "/kiosk/pair", {
      code: (await newDevice(database.url, "992-MC")).pairingCode,
    });
    expect(paired.status).toBe(302);
    kioskCookie = paired.headers
      .getSetCookie()
      .find((c) => c.startsWith("hl_device="))!
      .split(";")[0];
    memoryBefore = (await serverMemory(running.server.process.pid!)).current;
  });

  async function count(table: "sessions" | "units" | "responses", where?: string): Promise<number> {
    const handle = openDatabase(running.database.url);
    try {
      const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} ${
        where ? sql.raw(`where ${where}`) : sql``
      }`.execute(handle.db);
      return Number(rows[0].n);
    } finally {
      await handle.close();
    }
  }

  /**
   * Refused at once: 413 before the client had sent much more than 8 MB (upload pauses there until an
   * answer comes; a server reading the whole body answers after 50 MB), the connection closed before
   * the client could send the rest.
   */
  function expectRefused(answer: UploadAnswer, label: string) {
    expect(answer.status, label).toBe(413);
    expect(answer.headers.connection, label).toBe("close");
    expect(answer.sentBeforeAnswer, `${label}: bytes sent before the answer`).toBeLessThan(9 * MB);
    expect(answer.closedByServer, `${label}: connection closed by the server`).toBe(true);
    expect(answer.sent, `${label}: bytes sent before the connection closed`).toBeLessThan(HUGE);
  }

  it("refuses a sign-in form past 64 KB, though it starts with the right password: no session", async () => {
    const { server } = running;
    const sessions = await count("sessions");
    const head = new URLSearchParams({ username: "admin", password: adminPassword, redirectTo: "/admin" });
    for (const declareLength of [false, true]) {
      const answer = await upload(server.url, "/login", {
        head: `${head}&x=`,
        total: HUGE,
        headers: FORM,
        declareLength,
      });
      expectRefused(answer, `/login, length ${declareLength ? "declared" : "chunked"}`);
      expect(answer.headers["set-cookie"]).toBeUndefined();
      expect(answer.text).toContain("Nội dung gửi lên vượt quá dung lượng cho phép.");
    }
    expect(await count("sessions")).toBe(sessions);
    // Just under the cap the form is read as always.
    const under = await upload(server.url, "/login", {
      head: `${new URLSearchParams({ username: "admin", password: "sai-mat-khau" })}&x=`,
      total: 60 * 1024,
      headers: FORM,
    });
    expect(under.status).toBe(400);
    expect(under.text).toContain("Tên đăng nhập hoặc mật khẩu không đúng.");
  });

  it("refuses a pairing form past 64 KB, though it starts with a valid code: the code still pairs after", async () => {
    const { server } = running;
    const answer = await upload(server.url, "/kiosk/pair", {
      head: `code=${device.pairingCode}&x=`,
      total: HUGE,
      headers: FORM,
    });
    expectRefused(answer, "/kiosk/pair");
    expect(answer.headers["set-cookie"]).toBeUndefined();
    expect((await postForm(server.url, "/kiosk/pair", { code: device.pairingCode })).status).toBe(302);
  });

  it("refuses the kiosk's no-JavaScript form past 64 KB: nothing stored", async () => {
    const { server } = running;
    const before = await count("responses");
    const answer = await upload(server.url, "/kiosk?index", {
      head: "intent=rate%3Asatisfied&x=",
      total: HUGE,
      headers: { ...FORM, cookie: kioskCookie },
    });
    expectRefused(answer, "/kiosk?index");
    expect(await count("responses")).toBe(before);
  });

  it("refuses an administration form past 1 MB, chunked or not: no unit created", async () => {
    const { server } = running;
    const head = new URLSearchParams({
      intent: "create",
      parent: "",
      code: "98",
      name: "Tỉnh Quá Cỡ",
      level: "province",
    });
    for (const declareLength of [false, true]) {
      const answer = await upload(server.url, "/admin/units?index", {
        head: `${head}&x=`,
        total: HUGE,
        headers: { ...FORM, cookie: admin },
        declareLength,
      });
      expectRefused(answer, `/admin/units, length ${declareLength ? "declared" : "chunked"}`);
    }
    expect(await count("units", "code = '98'")).toBe(0);
    // 900 KB is read and judged as a form.
    const under = await upload(server.url, "/admin/units?index", {
      head: "intent=create&x=",
      total: 900 * 1024,
      headers: { ...FORM, cookie: admin },
    });
    expect(under.status).toBe(400);
  });

  it("refuses a unit import past its documented 5 MB: nothing imported", async () => {
    const { server } = running;
    const boundary = "----hailong-test";
    const head = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="intent"',
      "",
      "apply",
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="don-vi.csv"',
      "Content-Type: text/csv",
      "",
      "code,name,level,parent_code,valid_from,valid_to",
      "99199,Xã Quá Cỡ,commune,991,,",
      "",
    ].join("\r\n");
    const answer = await upload(server.url, "/admin/units/import", {
      head,
      total: 6 * MB,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, cookie: admin },
    });
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe("close");
    expect(answer.closedByServer).toBe(true);
    expect(await count("units", "code = '99199'")).toBe(0);
  });

  it("refuses the device API's bodies past their limits and closes the connection: nothing stored", async () => {
    const { server } = running;
    const before = await count("responses");
    const tablet = await newDevice(running.database.url, "99101-MC");
    const json = { "content-type": "application/json", authorization: `Bearer ${tablet.token}` };
    const responses = await upload(server.url, "/api/v1/responses", {
      head: `{"responses":[${JSON.stringify(item())}],"x":"`,
      total: HUGE,
      headers: json,
    });
    expectRefused(responses, "/api/v1/responses");
    expect(JSON.parse(responses.text)).toEqual({ error: "Nội dung yêu cầu vượt quá 1 MB." });
    const status = await upload(server.url, "/api/v1/devices/status", {
      head: `{"pending":0,"x":"`,
      total: HUGE,
      headers: json,
    });
    expectRefused(status, "/api/v1/devices/status");
    expect(await count("responses")).toBe(before);
  });

  it("held none of those bodies: the server's peak memory stayed near where it was", async () => {
    const { peak } = await serverMemory(running.server.process.pid!);
    expect(peak - memoryBefore).toBeLessThan(128 * MB);
  });
});
