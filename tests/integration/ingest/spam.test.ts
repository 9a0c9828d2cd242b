/** The spam rule inside ingest: flags, never deletes, judges late and out-of-order taps, keeps rollups right. */
import { describe, expect, it } from "vitest";
import { toStoredResponse } from "~db/repositories/responses";
import { setSetting } from "~db/repositories/settings";
import { ROLLUP_COUNT_KEYS, rollupDelta } from "~/domain/response";
import { ROLLUP_COUNT_COLUMN, type RollupCounts } from "~db/schema";
import { ingestResponses } from "~/ingest/ingest.server";
import { DEFAULT_SPAM_RULE, judgeTaps, tapOrder } from "~/ingest/spam.server";
import { type TestApp, useTestApp } from "../../helpers/app";
import { databaseFactories, ingestDatabaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, item, seedReference } from "../../helpers/fixtures";

/** Taps `seconds` after a base time, as API items (the test clock reads 2026-11-26 10:00 local). */
function tapsAt(base: string, seconds: number[], overrides: Record<string, unknown> = {}) {
  return seconds.map((s) => item({ submittedAt: new Date(Date.parse(base) + s * 1000).toISOString(), ...overrides }));
}

async function deviceRows(app: TestApp, deviceId: number) {
  return app.db
    .selectFrom("responses")
    .selectAll()
    .where("device_id", "=", deviceId)
    .orderBy("effective_at")
    .orderBy("id")
    .execute();
}

/** The day rollup of a desk, and the same counts rebuilt from its raw responses. */
async function rollupAndRebuild(app: TestApp, deskId: number, day: string) {
  const rollup = await app.db
    .selectFrom("rollup_day")
    .selectAll()
    .where("desk_id", "=", deskId)
    .where("local_date", "=", day)
    .executeTakeFirst();
  const rows = await app.db
    .selectFrom("responses")
    .selectAll()
    .where("desk_id", "=", deskId)
    .where("local_date", "=", day)
    .execute();
  const rebuilt = Object.fromEntries(ROLLUP_COUNT_KEYS.map((k) => [k, 0])) as unknown as RollupCounts;
  for (const r of rows) for (const k of ROLLUP_COUNT_KEYS) rebuilt[k] += rollupDelta(toStoredResponse(r))[k];
  const stored = Object.fromEntries(ROLLUP_COUNT_KEYS.map((k) => [k, rollup?.[ROLLUP_COUNT_COLUMN[k]] ?? 0]));
  return { stored, rebuilt };
}

describe.each(ingestDatabaseFactories())("the spam rule at ingest on $label", (factory) => {
  const testApp = useTestApp(factory, seedReference);
  let n = 0;
  const newDesk = async () => {
    n++;
    return createUnitWithDesk(testApp(), { code: `9${String(n).padStart(4, "0")}`, name: `Xã ${n}`, level: "commune" });
  };

  it("stores all of 30 taps in a minute, flags the excess and leaves the rates as one citizen's", async () => {
    const app = testApp();
    const desk = await newDesk();
    const burst = tapsAt(
      "2026-11-26T09:00:00+07:00",
      Array.from({ length: 30 }, (_, i) => i * 2),
      {
        rating: "dissatisfied",
        reasons: ["other"],
      }
    );
    // An outbox may deliver them in any order.
    const results = await ingestResponses(app, desk.identity, [...burst].reverse(), app.now());
    expect(results.every((r) => r.status === "created")).toBe(true);
    const rows = await deviceRows(app, desk.identity.deviceId);
    expect(rows).toHaveLength(30);
    expect(rows[0]).toMatchObject({ id: burst[0].id, suspect: 0, suspect_reason: null });
    expect(rows.slice(1).every((r) => r.suspect === 1 && r.suspect_reason === "interval")).toBe(true);
    const { stored, rebuilt } = await rollupAndRebuild(app, desk.desk.id, "2026-11-26");
    expect(stored).toEqual(rebuilt);
    expect(stored).toMatchObject({ total: 1, dissatisfied: 1, suspect: 29 });
  });

  it("flags by the 10-minute window too, on effective tap times", async () => {
    const app = testApp();
    const desk = await newDesk();
    // 25 citizens 20 s apart: plausible one by one, but 21 to 25 exceed 20 in 10 minutes.
    const taps = tapsAt(
      "2026-11-26T08:00:00+07:00",
      Array.from({ length: 25 }, (_, i) => i * 20)
    );
    await ingestResponses(app, desk.identity, taps, app.now());
    const rows = await deviceRows(app, desk.identity.deviceId);
    expect(rows.map((r) => r.suspect_reason)).toEqual([...Array(20).fill(null), ...Array(5).fill("burst")]);
  });

  it("judges a late batch against stored neighbours, whatever the delivery order, and moves their rollups", async () => {
    const app = testApp();
    const seconds = [0, 1, 5, 7, 30, 31, 32, 100, 102, 400, 401, 900, 905, 906, 1500];
    const base = "2026-11-26T06:00:00+07:00";
    const expectedFlags = (ids: string[]) => {
      const taps = ids.map((id, i) => ({ id, at: Date.parse(base) + seconds[i] * 1000 })).sort(tapOrder);
      const reasons = judgeTaps(taps, DEFAULT_SPAM_RULE);
      return Object.fromEntries(taps.map((t, i) => [t.id, reasons[i]]));
    };
    for (const order of [
      [[...seconds.keys()]],
      [
        [14, 13, 12],
        [2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
        [0, 1],
      ],
      [
        [1, 3, 5, 7, 9, 11, 13],
        [0, 2, 4, 6, 8, 10, 12, 14],
      ],
    ]) {
      const desk = await newDesk();
      const taps = tapsAt(base, seconds);
      for (const batch of order)
        await ingestResponses(
          app,
          desk.identity,
          batch.map((i) => taps[i]),
          app.now()
        );
      const rows = await deviceRows(app, desk.identity.deviceId);
      expect(rows).toHaveLength(seconds.length);
      const want = expectedFlags(taps.map((t) => t.id));
      expect(Object.fromEntries(rows.map((r) => [r.id, r.suspect_reason]))).toEqual(want);
      for (const r of rows) expect(r.suspect).toBe(want[r.id] ? 1 : 0);
      const { stored, rebuilt } = await rollupAndRebuild(app, desk.desk.id, "2026-11-26");
      expect(stored).toEqual(rebuilt);
    }
  });

  it("gives concurrent requests, written together, their own outcomes, the same flags and exact rollups", async () => {
    const app = testApp();
    const desk = await newDesk();
    const seconds = [0, 1, 5, 7, 30, 31, 32, 100, 102, 400, 401, 900, 905, 906, 1500];
    const base = "2026-11-26T06:00:00+07:00";
    const taps = tapsAt(base, seconds);
    // One request per tap, all at once, in shuffled order, plus a replay and a conflicting reuse of an id.
    const requests = [...taps.slice(7), ...taps.slice(0, 7), taps[3], { ...taps[4], rating: "neutral" }];
    const results = await Promise.all(requests.map((t) => ingestResponses(app, desk.identity, [t], app.now())));
    expect(results.map(([r]) => r.status)).toEqual([...Array(15).fill("created"), "duplicate", "conflict"]);
    expect(results.map(([r]) => r.id)).toEqual(requests.map((t) => t.id));
    const rows = await deviceRows(app, desk.identity.deviceId);
    const ordered = taps.map((t, i) => ({ id: t.id, at: Date.parse(base) + seconds[i] * 1000 })).sort(tapOrder);
    const reasons = judgeTaps(ordered, DEFAULT_SPAM_RULE);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.suspect_reason]))).toEqual(
      Object.fromEntries(ordered.map((t, i) => [t.id, reasons[i]]))
    );
    const { stored, rebuilt } = await rollupAndRebuild(app, desk.desk.id, "2026-11-26");
    expect(stored).toEqual(rebuilt);
  });

  it("judges each tablet's taps apart when several tablets' requests are written together", async () => {
    const app = testApp();
    const base = "2026-11-26T06:30:00+07:00";
    // The same instants on every tablet: a rule that mixed tablets up would see intervals of 0 s.
    const patterns = [[0, 10, 20, 30, 40], [0, 1, 2, 60, 61, 200], Array.from({ length: 25 }, (_, i) => i * 4)];
    const tablets = await Promise.all(
      patterns.map(async (seconds) => ({ desk: await newDesk(), seconds, taps: tapsAt(base, seconds) }))
    );
    // Earlier taps stored first, so each tablet also has stored context before and after the new ones.
    for (const t of tablets) await ingestResponses(app, t.desk.identity, [t.taps[0], t.taps.at(-1)!], app.now());
    const requests = tablets.flatMap((t) => t.taps.slice(1, -1).map((tap) => ({ device: t.desk.identity, tap })));
    requests.sort((a, b) => (a.tap.id < b.tap.id ? -1 : 1));
    await Promise.all(requests.map(({ device, tap }) => ingestResponses(app, device, [tap], app.now())));
    for (const t of tablets) {
      const ordered = t.taps
        .map((tap, i) => ({ id: tap.id, at: Date.parse(base) + t.seconds[i] * 1000 }))
        .sort(tapOrder);
      const reasons = judgeTaps(ordered, DEFAULT_SPAM_RULE);
      const rows = await deviceRows(app, t.desk.identity.deviceId);
      expect(Object.fromEntries(rows.map((r) => [r.id, r.suspect_reason]))).toEqual(
        Object.fromEntries(ordered.map((o, i) => [o.id, reasons[i]]))
      );
      const { stored, rebuilt } = await rollupAndRebuild(app, t.desk.desk.id, "2026-11-26");
      expect(stored).toEqual(rebuilt);
    }
  });

  it("judges new taps against more stored taps than a burst needs, as if all had come at once", async () => {
    const app = testApp();
    const desk = await newDesk();
    const base = "2026-11-26T07:30:00+07:00";
    const seconds = [...Array.from({ length: 30 }, (_, i) => i * 15), 452, 470, 1100, 1104, 2000];
    const taps = tapsAt(base, seconds);
    await ingestResponses(app, desk.identity, taps.slice(0, 30), app.now());
    for (const tap of taps.slice(30)) await ingestResponses(app, desk.identity, [tap], app.now());
    const ordered = taps.map((t, i) => ({ id: t.id, at: Date.parse(base) + seconds[i] * 1000 })).sort(tapOrder);
    const reasons = judgeTaps(ordered, DEFAULT_SPAM_RULE);
    const rows = await deviceRows(app, desk.identity.deviceId);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.suspect_reason]))).toEqual(
      Object.fromEntries(ordered.map((t, i) => [t.id, reasons[i]]))
    );
    // The late taps: two within the busy window, then quiet ones.
    expect(reasons.slice(30)).toEqual(["burst", "burst", null, null, null]);
  });

  it("never overrides a manager's decision", async () => {
    const app = testApp();
    const desk = await newDesk();
    const [a, b] = tapsAt("2026-11-26T07:00:00+07:00", [0, 10]);
    await ingestResponses(app, desk.identity, [b], app.now());
    await app.db.updateTable("responses").set({ suspect_review: "accepted" }).where("id", "=", b.id).execute();
    // A late tap 1 s before b: b would be an interval suspect, but a manager accepted it.
    const [late] = tapsAt("2026-11-26T07:00:00+07:00", [9]);
    await ingestResponses(app, desk.identity, [a, late], app.now());
    const rows = await deviceRows(app, desk.identity.deviceId);
    expect(rows.find((r) => r.id === b.id)).toMatchObject({ suspect: 0, suspect_reason: null });
  });

  it("judges a tablet's wrong clock at the server's receipt time: a batch of them lands in one instant", async () => {
    const app = testApp();
    const desk = await newDesk();
    // A clock an hour ahead is not trusted: all three count at receipt.
    const ahead = tapsAt("2026-11-26T11:00:00+07:00", [0, 60, 120]);
    const received = new Date("2026-11-26T02:00:00Z");
    await ingestResponses(app, desk.identity, ahead, received);
    const rows = await deviceRows(app, desk.identity.deviceId);
    expect(rows.map((r) => [r.clock_corrected, r.effective_at])).toEqual(Array(3).fill([1, received.toISOString()]));
    expect(rows.map((r) => r.suspect).sort()).toEqual([0, 1, 1]);
  });
});

describe.each(databaseFactories())("spam rule settings on $dialect", (factory) => {
  const testApp = useTestApp(factory, async (app) => {
    await seedReference(app);
    await setSetting(app.db, "spam_min_interval_seconds", "1");
    await setSetting(app.db, "spam_window_max", "3");
  });

  it("uses the thresholds set in app_settings", async () => {
    const app = testApp();
    const desk = await createUnitWithDesk(app, { code: "98001", name: "Xã Cài Đặt", level: "commune" });
    await ingestResponses(app, desk.identity, tapsAt("2026-11-26T09:00:00+07:00", [0, 2, 4, 6]), app.now());
    const rows = await deviceRows(app, desk.identity.deviceId);
    expect(rows.map((r) => r.suspect_reason)).toEqual([null, null, null, "burst"]);
  });
});
