/** cases:list over cases opened by ingest, and the holiday list seeded once (issue 16). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { listHolidays, deleteHoliday } from "~db/repositories/holidays";
import { openCases } from "~db/repositories/cases";
import { seedHolidays } from "~/cases/holidays.server";
import { runCli } from "~/cli/main.server";
import { VIETNAM_HOLIDAYS } from "~/domain/working-days";
import { databaseFactories, type TestDatabase } from "../../helpers/databases";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), readStdin: async () => null },
  };
}

describe.each(databaseFactories())("cases:list and holidays on $dialect", (factory) => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    database = await factory.create();
    env = { NODE_ENV: "test", DATABASE_URL: database.url, SESSION_SECRET: "x".repeat(40) };
    expect(await runCli(["seed-demo"], io().io, env)).toBe(0);
    const handle = openDatabase(database.url);
    try {
      // One case at a commune of district 991, one at district 992 (concluded).
      for (const code of ["99101", "992"]) {
        const r = await handle.db
          .selectFrom("responses")
          .innerJoin("units", "units.id", "responses.unit_id")
          .select(["responses.id", "responses.unit_id", "responses.desk_id"])
          .where("units.code", "=", code)
          .orderBy("responses.id")
          .limit(1)
          .executeTakeFirstOrThrow();
        const [id] = await openCases(handle.db, [
          {
            responseId: r.id,
            unitId: r.unit_id,
            deskId: r.desk_id,
            openedAt: "2026-12-01T02:00:00.000Z",
            dueOn: "2026-12-15",
          },
        ]);
        if (code === "992")
          await handle.db
            .updateTable("cases")
            .set({ status: "concluded", finding: "unfounded", concluded_at: "2026-12-02T02:00:00.000Z", measures: "—" })
            .where("id", "=", id)
            .execute();
      }
    } finally {
      await handle.close();
    }
  });
  afterAll(() => database.drop());

  const list = async (...args: string[]) => {
    const r = io();
    const code = await runCli(["cases:list", ...args, "--format", "json"], r.io, env);
    return { code, cases: code === 0 ? JSON.parse(r.out.join("\n")) : null, err: r.err.join("\n") };
  };

  it("lists open cases by default, closed or all on request, within a unit's subtree", async () => {
    const open = await list();
    expect(open.cases).toEqual([
      {
        id: expect.any(Number),
        responseId: expect.any(String),
        unitCode: "99101",
        deskCode: "99101-MC",
        status: "new",
        openedAt: "2026-12-01T02:00:00.000Z",
        dueAt: "2026-12-15",
        assignee: null,
        finding: null,
      },
    ]);
    expect((await list("--status", "closed")).cases.map((c: { finding: string }) => c.finding)).toEqual(["unfounded"]);
    expect((await list("--status", "all")).cases).toHaveLength(2);
    expect((await list("--status", "all", "--unit", "991")).cases.map((c: { unitCode: string }) => c.unitCode)).toEqual(
      ["99101"]
    );
    expect((await list("--unit", "992")).cases).toEqual([]);
  });

  it("refuses an unknown unit or status with a message", async () => {
    const unknown = await list("--unit", "77");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("77");
    expect((await list("--status", "late")).code).toBe(2);
  });

  it("seeds the holidays once: migrate gives the list, an emptied list stays empty", async () => {
    expect(await runCli(["migrate"], io().io, env)).toBe(0);
    const handle = openDatabase(database.url);
    try {
      expect((await listHolidays(handle.db)).map((h) => h.date)).toEqual(VIETNAM_HOLIDAYS.map((h) => h.date).sort());
      for (const h of await listHolidays(handle.db)) await deleteHoliday(handle.db, h.date);
      expect(await seedHolidays(handle.db)).toBe(false);
      expect(await listHolidays(handle.db)).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
