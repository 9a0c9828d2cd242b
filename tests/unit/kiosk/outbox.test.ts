import { describe, expect, it } from "vitest";
import {
  BACKOFF_MAX_MS,
  BATCH_SIZE,
  DRAFT_ABANDONED_MS,
  MAX_HELD_REPORTED,
  type OutboxRecord,
  backoffMs,
  countsOf,
  dueRecords,
  settle,
  statusReport,
} from "~/kiosk/outbox";

const NOW = Date.parse("2026-11-26T03:00:00Z");

function record(id: string, submittedAt: string, extra: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    id,
    item: { id, submittedAt, questionnaireVersion: 1, rating: "satisfied", language: "vi" },
    at: NOW - 1000,
    ...extra,
  };
}

describe("the outbox", () => {
  it("waits longer after each failure, with jitter, up to five minutes", () => {
    expect(backoffMs(0, 0)).toBe(1_000);
    expect(backoffMs(0, 1)).toBe(2_000);
    expect(backoffMs(3, 0)).toBe(8_000);
    expect(backoffMs(3, 0.5)).toBe(12_000);
    expect(backoffMs(30, 1)).toBe(BACKOFF_MAX_MS);
    const waits = new Set(Array.from({ length: 50 }, () => backoffMs(4)));
    expect(waits.size).toBeGreaterThan(1);
    for (const w of waits) expect(w).toBeGreaterThanOrEqual(16_000);
  });

  it("sends finished answers oldest first, in batches, and an abandoned survey as it stands", () => {
    const records = [
      record("b", "2026-11-26T02:10:00.000Z"),
      record("a", "2026-11-26T02:00:00.000Z"),
      record("draft", "2026-11-26T02:55:00.000Z", { draft: 1, at: NOW - 5_000 }),
      record("abandoned", "2026-11-26T01:00:00.000Z", { draft: 1, at: NOW - DRAFT_ABANDONED_MS - 1 }),
      record("held", "2026-11-26T00:00:00.000Z", { held: { status: "invalid" } }),
    ];
    expect(dueRecords(records, NOW).map((r) => r.id)).toEqual(["abandoned", "a", "b"]);
    const many = Array.from({ length: BATCH_SIZE + 7 }, (_, i) =>
      record(`r${i}`, new Date(NOW - i * 1000).toISOString())
    );
    expect(dueRecords(many, NOW)).toHaveLength(BATCH_SIZE);
  });

  it("removes only what the server stored, sets aside what it refused with the reason, keeps the rest", () => {
    const batch = ["c", "d", "i", "k", "x", "m"].map((id) => record(id, "2026-11-26T02:00:00.000Z"));
    const errors = [{ field: "rating", message: "Giá trị không hợp lệ." }];
    const { remove, hold } = settle(batch, [
      { id: "c", status: "created" },
      { id: "d", status: "duplicate" },
      { id: "i", status: "invalid", errors },
      { id: "k", status: "conflict" },
      { id: "x", status: "something new" },
      // no answer for "m"
    ]);
    expect(remove).toEqual(["c", "d"]);
    expect(hold.map((r) => [r.id, r.held])).toEqual([
      ["i", { status: "invalid", errors }],
      ["k", { status: "conflict", errors: undefined }],
    ]);
  });

  it("never takes an answer for another item's", () => {
    const batch = [record("a", "2026-11-26T02:00:00.000Z"), record("b", "2026-11-26T02:00:00.000Z")];
    expect(settle(batch, [{ id: "b", status: "created" }])).toEqual({ remove: [], hold: [] });
  });

  it("counts and reports what waits on the tablet", () => {
    const records = [
      record("a", "2026-11-26T02:00:00.000Z"),
      record("b", "2026-11-26T01:30:00.000Z"),
      record("draft", "2026-11-26T02:59:00.000Z", { draft: 1 }),
      ...Array.from({ length: MAX_HELD_REPORTED + 3 }, (_, i) =>
        record(`h${i}`, "2026-11-25T02:00:00.000Z", { held: { status: "invalid" } })
      ),
    ];
    expect(countsOf(records)).toEqual({ pending: 2, held: MAX_HELD_REPORTED + 3, oldest: "2026-11-26T01:30:00.000Z" });
    const report = statusReport(records, "0.1.0+abc", NOW);
    expect(report).toMatchObject({
      pending: 2,
      oldestPendingAgeSeconds: 90 * 60,
      appVersion: "0.1.0+abc",
      heldCount: MAX_HELD_REPORTED + 3,
    });
    expect(report.held).toHaveLength(MAX_HELD_REPORTED);
    expect(report.held[0]).toMatchObject({ id: "h0", status: "invalid", item: { id: "h0", rating: "satisfied" } });
    expect(statusReport([], "v", NOW)).toMatchObject({
      pending: 0,
      oldestPendingAgeSeconds: null,
      heldCount: 0,
      held: [],
    });
  });
});
