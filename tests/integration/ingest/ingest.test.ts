import { beforeAll, describe, expect, it } from "vitest";
import { countResponses } from "~db/repositories/responses";
import { sumDayRollupsByUnit } from "~db/repositories/rollups";
import { ingestResponses } from "~/ingest/ingest.server";
import { type TestApp, useTestApp } from "../../helpers/app";
import { ingestDatabaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, item, seedReference } from "../../helpers/fixtures";

describe.each(ingestDatabaseFactories())("ingestResponses on $label", (factory) => {
  const testApp = useTestApp(factory, seedReference);
  let app: TestApp;
  let desk: Awaited<ReturnType<typeof createUnitWithDesk>>;
  beforeAll(async () => {
    app = testApp();
    desk = await createUnitWithDesk(app, { code: "01", name: "Tỉnh Thử", level: "province" });
  });

  async function storedCount(id: string) {
    const row = await app.db
      .selectFrom("responses")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it("stores a response once: created, then duplicate on replay, conflict on other content", async () => {
    const a = item({
      rating: "dissatisfied",
      reasons: ["harassment"],
      fieldCode: "dat_dai",
      onTime: false,
      comment: "Chờ lâu",
    });
    const [first] = await ingestResponses(app, desk.identity, [a], app.now());
    expect(first).toEqual({ id: a.id, status: "created" });
    const [again] = await ingestResponses(
      app,
      desk.identity,
      [{ ...a, submittedAt: "2026-11-26T02:30:00Z" }],
      app.now()
    );
    expect(again.status).toBe("duplicate");
    const [other] = await ingestResponses(
      app,
      desk.identity,
      [{ ...a, rating: "neutral", reasons: undefined }],
      app.now()
    );
    expect(other.status).toBe("conflict");
    expect(await storedCount(a.id)).toBe(1);
    const stored = await app.db.selectFrom("responses").selectAll().where("id", "=", a.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      rating: "dissatisfied",
      harassment: 1,
      field_code: "dat_dai",
      on_time: 0,
      comment: "Chờ lâu",
      desk_id: desk.desk.id,
      unit_id: desk.unit.id,
      unit_level: "province",
      local_date: "2026-11-26",
      local_hour: 9,
      clock_corrected: 0,
    });
  });

  it("stores the valid items of a mixed batch, each all-or-nothing, and answers in item order", async () => {
    const good = item();
    const dup = item({ rating: "very_satisfied" });
    await ingestResponses(app, desk.identity, [dup], app.now());
    const conflicting = { ...dup, rating: "neutral" };
    const bad = item({ rating: "satisfied", reasons: ["harassment"] });
    const unknownField = item({ fieldCode: "khong_co" });
    const unknownVersion = item({ questionnaireVersion: 7 });
    const results = await ingestResponses(
      app,
      desk.identity,
      [good, dup, conflicting, bad, unknownField, unknownVersion, "nope"],
      app.now()
    );
    expect(results.map((r) => r.status)).toEqual([
      "created",
      "duplicate",
      "conflict",
      "invalid",
      "invalid",
      "invalid",
      "invalid",
    ]);
    expect(results[3].problems).toEqual([{ field: "reasons", code: "reasons_only_when_dissatisfied", params: {} }]);
    expect(results[4].problems?.[0]).toMatchObject({ field: "fieldCode", code: "unknown_field_code" });
    expect(results[5].problems?.[0]).toMatchObject({
      field: "questionnaireVersion",
      code: "unknown_questionnaire_version",
    });
    expect(results[6]).toMatchObject({ id: null, status: "invalid" });
    for (const x of [bad, unknownField, unknownVersion]) expect(await storedCount(x.id)).toBe(0);
    expect(await storedCount(good.id)).toBe(1);
  });

  it("counts a repeated id inside one batch once", async () => {
    const a = item();
    const results = await ingestResponses(app, desk.identity, [a, a, { ...a, rating: "neutral" }], app.now());
    expect(results.map((r) => r.status)).toEqual(["created", "duplicate", "conflict"]);
    expect(await storedCount(a.id)).toBe(1);
  });

  it("keeps the rollups equal to the stored responses", async () => {
    const day = "2026-11-20";
    const batch = [
      item({ submittedAt: `${day}T08:00:00+07:00`, rating: "very_satisfied", onTime: true }),
      item({ submittedAt: `${day}T09:00:00+07:00`, rating: "satisfied", onTime: false }),
      item({ submittedAt: `${day}T10:00:00+07:00`, rating: "dissatisfied", reasons: ["harassment", "long_wait"] }),
      item({ submittedAt: `${day}T23:30:00+07:00`, rating: "neutral", fieldCode: "thue" }),
    ];
    await ingestResponses(app, desk.identity, batch, app.now());
    await ingestResponses(app, desk.identity, batch, app.now()); // a replay changes nothing
    const [row] = await sumDayRollupsByUnit(app.db, { from: day, to: day });
    expect(row).toMatchObject({
      unitId: desk.unit.id,
      total: 4,
      verySatisfied: 1,
      satisfied: 1,
      neutral: 1,
      dissatisfied: 1,
      harassment: 1,
      onTimeYes: 1,
      onTimeAnswered: 2,
      suspect: 0,
    });
    const fieldRow = await app.db
      .selectFrom("rollup_day_field")
      .selectAll()
      .where("local_date", "=", day)
      .where("field_code", "=", "thue")
      .executeTakeFirstOrThrow();
    expect(fieldRow.total).toBe(1);
    const hourRow = await app.db
      .selectFrom("rollup_day_hour")
      .selectAll()
      .where("local_date", "=", day)
      .where("local_hour", "=", 23)
      .executeTakeFirstOrThrow();
    expect(hourRow.neutral).toBe(1);
  });

  it("dates a response from a tablet with a wrong clock at the server's receipt time", async () => {
    const a = item({ submittedAt: "2031-01-01T08:00:00+07:00" });
    await ingestResponses(app, desk.identity, [a], new Date("2026-11-26T16:59:00Z"));
    const stored = await app.db.selectFrom("responses").selectAll().where("id", "=", a.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      clock_corrected: 1,
      local_date: "2026-11-26",
      local_hour: 23,
      submitted_at: "2031-01-01T01:00:00.000Z",
    });
  });

  it("never counts a response twice when the same batch arrives concurrently", async () => {
    const batch = Array.from({ length: 20 }, () => item());
    const before = await countResponses(app.db);
    const runs = await Promise.all([1, 2, 3].map(() => ingestResponses(app, desk.identity, batch, app.now())));
    const statuses = runs.flat().map((r) => r.status);
    expect(statuses.filter((s) => s === "created")).toHaveLength(20);
    expect(statuses.filter((s) => s === "duplicate")).toHaveLength(40);
    expect(await countResponses(app.db)).toBe(before + 20);
  });
  it("notes the tablet's contact with its answers, at most every 30 seconds, even when every item is refused", async () => {
    const tablet = await createUnitWithDesk(app, { code: "0199", name: "Xã Liên Lạc", level: "commune" });
    const lastSeen = async () =>
      (
        await app.db
          .selectFrom("devices")
          .select("last_seen_at")
          .where("id", "=", tablet.identity.deviceId)
          .executeTakeFirstOrThrow()
      ).last_seen_at;
    const first = new Date("2026-11-26T03:00:00Z");
    await ingestResponses(app, { ...tablet.identity, lastSeenAt: null }, [{ id: "not-a-uuid" }], first);
    expect(await lastSeen()).toBe(first.toISOString());
    const soon = new Date(first.getTime() + 20_000);
    await ingestResponses(app, { ...tablet.identity, lastSeenAt: first.toISOString() }, [item()], soon);
    expect(await lastSeen()).toBe(first.toISOString());
    const later = new Date(first.getTime() + 31_000);
    await ingestResponses(app, { ...tablet.identity, lastSeenAt: first.toISOString() }, [item()], later);
    expect(await lastSeen()).toBe(later.toISOString());
  });
});
