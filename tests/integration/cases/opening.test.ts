/** Harassment responses open exactly one case each, in the transaction that stores them (issue 16). */
import { describe, expect, it } from "vitest";
import { markDueCases } from "~db/repositories/case-deadlines";
import type { CurrentUser } from "~/auth/session.server";
import { ingestResponses } from "~/ingest/ingest.server";
import { applyDecision } from "~/suspects/suspects.server";
import { upsertHoliday } from "~db/repositories/holidays";
import { insertUser } from "~db/repositories/users";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, item, seedReference } from "../../helpers/fixtures";

const harassment = (overrides: Record<string, unknown> = {}) =>
  item({ rating: "dissatisfied", reasons: ["harassment", "long_wait"], comment: "Cán bộ gợi ý tiền", ...overrides });

describe.each(databaseFactories())("opening harassment cases on $dialect", (factory) => {
  const testApp = useTestApp(factory, seedReference);

  async function casesOf(app: ReturnType<typeof testApp>, responseIds: string[]) {
    return app.db.selectFrom("cases").selectAll().where("response_id", "in", responseIds).orderBy("id").execute();
  }
  async function eventsOf(app: ReturnType<typeof testApp>, caseIds: number[]) {
    if (caseIds.length === 0) return [];
    return app.db
      .selectFrom("case_events")
      .select(["case_id", "type", "user_id"])
      .where("case_id", "in", caseIds)
      .orderBy("id")
      .execute();
  }

  it("opens one case per counted harassment response, once under retries, due ten working days later", async () => {
    const app = testApp();
    const desk = await createUnitWithDesk(app, { code: "71001", name: "Xã Một", level: "commune" });
    const minute = (m: number) => `2026-11-26T09:${String(m).padStart(2, "0")}:00+07:00`;
    const batch = [
      harassment({ submittedAt: minute(0) }),
      item({ rating: "dissatisfied", reasons: ["long_wait"], submittedAt: minute(1) }),
      item({ rating: "satisfied", submittedAt: minute(2) }),
      harassment({ submittedAt: minute(3) }),
    ];
    // A holiday inside the window moves the deadline by a day.
    await upsertHoliday(app.db, { date: "2026-12-02", name: "Ngày thử" });
    await ingestResponses(app, desk.identity, batch, app.now());
    await ingestResponses(app, desk.identity, batch, app.now());
    await ingestResponses(app, desk.identity, [batch[0]], app.now());
    const ids = batch.map((b) => b.id);
    const cases = await casesOf(app, ids);
    expect(cases.map((c) => c.response_id)).toEqual([batch[0].id, batch[3].id]);
    // Thursday 26/11/2026 + 10 working days, skipping 2/12: Friday 11/12.
    expect(cases.map((c) => [c.status, c.due_on, c.suspect, c.unit_id])).toEqual([
      ["new", "2026-12-11", 0, desk.unit.id],
      ["new", "2026-12-11", 0, desk.unit.id],
    ]);
    expect(cases[0].opened_at).toBe(app.now().toISOString());
    expect(
      await eventsOf(
        app,
        cases.map((c) => c.id)
      )
    ).toEqual([
      { case_id: cases[0].id, type: "opened", user_id: null },
      { case_id: cases[1].id, type: "opened", user_id: null },
    ]);
  });

  it("a suspect harassment tap opens its case only when a manager counts it; a counted one made suspect keeps its case", async () => {
    const app = testApp();
    const desk = await createUnitWithDesk(app, { code: "71002", name: "Xã Hai", level: "commune" });
    const user = await insertUser(app.db, {
      username: "qlxa",
      passwordHash: "x",
      role: "manager",
      unitId: desk.unit.id,
      createdAt: app.now().toISOString(),
      passwordChangedAt: app.now().toISOString(),
      email: null,
    });
    const manager = (unitId: number): CurrentUser => ({
      id: user.id,
      username: "qlxa",
      role: "manager",
      unitId,
      sessionId: "s",
    });
    const base = Date.parse("2026-11-26T10:00:00+07:00");
    const at = (s: number) => new Date(base + s * 1000).toISOString();
    // 1 s apart: the second tap is suspect (interval rule), the first stays counted.
    const first = harassment({ submittedAt: at(0) });
    const second = harassment({ submittedAt: at(1) });
    await ingestResponses(app, desk.identity, [first, second], app.now());
    let cases = await casesOf(app, [first.id, second.id]);
    expect(cases.map((c) => c.response_id)).toEqual([first.id]);

    // The manager counts the suspect one after all: its case opens.
    expect(await applyDecision(app, manager(desk.unit.id), [second.id], "accepted", [desk.unit.id])).toBe(1);
    cases = await casesOf(app, [first.id, second.id]);
    expect(cases.map((c) => [c.response_id, c.suspect])).toEqual([
      [first.id, 0],
      [second.id, 0],
    ]);
    const secondCase = cases[1];
    expect(await eventsOf(app, [secondCase.id])).toEqual([
      { case_id: secondCase.id, type: "opened", user_id: user.id },
    ]);

    // Changed their mind: the case stays, marked suspect, with its event; counting it again unmarks it.
    await applyDecision(app, manager(desk.unit.id), [second.id], "kept", [desk.unit.id]);
    expect((await casesOf(app, [second.id])).map((c) => c.suspect)).toEqual([1]);
    await applyDecision(app, manager(desk.unit.id), [second.id], "accepted", [desk.unit.id]);
    expect((await casesOf(app, [second.id])).map((c) => c.suspect)).toEqual([0]);
    expect((await eventsOf(app, [secondCase.id])).map((e) => e.type)).toEqual(["opened", "suspect", "suspect"]);
    expect(await app.db.selectFrom("cases").select("id").where("response_id", "=", second.id).execute()).toHaveLength(
      1
    );

    // A later burst makes the stored, counted first tap suspect: its case stays, marked.
    const desk3 = await createUnitWithDesk(app, { code: "71003", name: "Xã Ba", level: "commune" });
    const lone = harassment({ submittedAt: at(100) });
    await ingestResponses(app, desk3.identity, [lone], app.now());
    const closeBehind = item({ submittedAt: at(99) });
    await ingestResponses(app, desk3.identity, [closeBehind], app.now());
    const loneCase = await casesOf(app, [lone.id]);
    expect(loneCase.map((c) => c.suspect)).toEqual([1]);
    expect((await eventsOf(app, [loneCase[0].id])).map((e) => e.type)).toEqual(["opened", "suspect"]);
  });

  it("marks due_soon two working days ahead and overdue after the last day, each once", async () => {
    const app = testApp();
    const desk = await createUnitWithDesk(app, { code: "71004", name: "Xã Bốn", level: "commune" });
    app.setNow("2027-01-04T02:00:00Z"); // Monday
    const one = harassment({ submittedAt: "2027-01-04T09:00:00+07:00" });
    await ingestResponses(app, desk.identity, [one], app.now());
    const [c] = await casesOf(app, [one.id]);
    expect(c.due_on).toBe("2027-01-18");
    const typesOf = async () => (await eventsOf(app, [c.id])).map((e) => e.type);
    await markDueCases(app.db, new Date("2027-01-13T02:00:00Z")); // Wednesday: 3 working days left
    expect(await typesOf()).toEqual(["opened"]);
    await markDueCases(app.db, new Date("2027-01-14T02:00:00Z")); // Thursday: Fri 15, Mon 18
    await markDueCases(app.db, new Date("2027-01-14T03:00:00Z"));
    expect(await typesOf()).toEqual(["opened", "due_soon"]);
    await markDueCases(app.db, new Date("2027-01-18T16:59:00Z")); // 23:59 local on the last day
    expect(await typesOf()).toEqual(["opened", "due_soon"]);
    await markDueCases(app.db, new Date("2027-01-18T17:00:00Z")); // 00:00 local the next day
    await markDueCases(app.db, new Date("2027-01-20T17:00:00Z"));
    expect(await typesOf()).toEqual(["opened", "due_soon", "overdue"]);
  });
});
