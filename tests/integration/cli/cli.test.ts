import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { runCli } from "~/cli/main.server";
import { databaseFactories, type TestDatabase } from "../../helpers/databases";

function io(stdin: string | null = null) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), readStdin: async () => stdin },
  };
}

describe.each(databaseFactories())("CLI on $dialect", (factory) => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    database = await factory.create();
    env = {
      NODE_ENV: "test",
      DATABASE_URL: database.url,
      SESSION_SECRET: "x".repeat(40),
      PUBLIC_URL: "https://hailong.example.vn",
    };
    expect(await runCli(["seed-demo"], io().io, env)).toBe(0);
  });
  afterAll(() => database.drop());

  it("lists desks as JSON", async () => {
    const r = io();
    expect(await runCli(["desk:list"], r.io, env)).toBe(0);
    const desks = JSON.parse(r.out.join("\n"));
    expect(desks).toHaveLength(12);
    expect(desks[0]).toMatchObject({ code: "99-TTPVHCC", unit: { code: "99", level: "province" } });
  });

  it("refuses an unknown demo model with a translated usage error, naming the two", async () => {
    const r = io();
    expect(await runCli(["seed-demo", "--model", "bốn-cấp"], r.io, env)).toBe(2);
    expect(r.err.join("\n")).toContain("Mô hình dữ liệu mẫu «bốn-cấp» không có; chọn một trong: three-level, two-tier");
    // Nothing was seeded on top of the demo.
    const desks = io();
    await runCli(["desk:list"], desks.io, env);
    expect(JSON.parse(desks.out.join("\n"))).toHaveLength(12);
  });

  it("creates a device with a token and a pairing link", async () => {
    const r = io();
    expect(await runCli(["device:create", "--desk", "99101-MC", "--name", "Máy 2"], r.io, env)).toBe(0);
    const device = JSON.parse(r.out.join("\n"));
    expect(device).toMatchObject({ deskCode: "99101-MC", name: "Máy 2" });
    expect(device.token).toMatch(/^hl_[\w-]{22}$/);
    expect(device.pairingLink).toBe(`https://hailong.example.vn/kiosk/pair?code=${device.pairingCode}`);
  });

  it("creates users with a password from stdin or a generated one", async () => {
    const piped = io("mat-khau-du-dai\n");
    expect(
      await runCli(["user:create", "--username", "SoNoiVu", "--role", "viewer", "--unit", "99"], piped.io, env)
    ).toBe(0);
    expect(JSON.parse(piped.out.join(""))).toEqual({
      id: expect.any(Number),
      username: "sonoivu",
      role: "viewer",
      unit: "99",
      email: null,
    });
    const generated = io(null);
    expect(
      await runCli(["user:create", "--username", "quanly991", "--role", "manager", "--unit", "991"], generated.io, env)
    ).toBe(0);
    expect(JSON.parse(generated.out.join("")).password).toHaveLength(16);
    // Changes from the command line are audited too.
    const handle = openDatabase(database.url);
    try {
      const entries = await handle.db
        .selectFrom("audit_log")
        .select(["username", "action", "entity", "after"])
        .where("entity", "=", "user")
        .orderBy("id")
        .execute();
      expect(entries.map((e) => [e.username, e.action, JSON.parse(e.after!).username])).toEqual([
        ["[cli]", "create", "sonoivu"],
        ["[cli]", "create", "quanly991"],
      ]);
    } finally {
      await handle.close();
    }
  });

  it("reports bad input on stderr with a non-zero exit", async () => {
    const cases: [string[], number, RegExp, string | null][] = [
      [["device:create", "--desk", "KHONG-CO"], 1, /Không có quầy mã «KHONG-CO»/, null],
      [["device:create"], 2, /--desk/, null],
      [["webhook:create", "--url", "ftp://cong.example/h", "--events", "case.opened"], 2, /--url.*http/, null],
      [["webhook:create", "--url", "https://cong.example/h", "--events", "case.closed"], 2, /--events/, null],
      [
        ["user:create", "--username", "thu.sai", "--role", "viewer", "--unit", "99", "--email", "khong-phai-thu"],
        2,
        /--email.*không hợp lệ/,
        null,
      ],
      [
        ["user:create", "--username", "sonoivu", "--role", "viewer", "--unit", "99"],
        1,
        /đã tồn tại/,
        "mat-khau-du-dai",
      ],
      [["user:create", "--username", "abc", "--role", "viewer", "--unit", "00"], 1, /Không có đơn vị mã «00»/, null],
      [["user:create", "--username", "abc", "--role", "viewer"], 2, /cần tùy chọn --unit/, null],
      [["user:create", "--username", "abcd", "--role", "viewer", "--unit", "99"], 1, /ít nhất 10 ký tự/, "short"],
      [["khong-co-lenh"], 2, /Không có lệnh/, null],
      [["desk:list", "--bogus"], 2, /bogus/, null],
    ];
    for (const [argv, code, message, stdin] of cases) {
      const r = io(stdin);
      expect(await runCli(argv, r.io, env), argv.join(" ")).toBe(code);
      expect(r.err.join("\n")).toMatch(message);
      expect(r.out).toEqual([]);
    }
  });
});
