import { describe, expect, it } from "vitest";
import {
  RETRY_FOR_MS,
  alertKindOf,
  escalationUnitCodes,
  nextAttemptAt,
  openedUnitCodes,
  parseOpenedAudience,
  webhookEventOf,
} from "~/domain/alerts";

const chain = [
  { code: "14101", level: "commune" },
  { code: "141", level: "district" },
  { code: "14", level: "province" },
];

describe("who hears of a case", () => {
  it("tells a new case to the unit and every unit above it up to the province, or as the setting says", () => {
    expect(openedUnitCodes(chain, "chain")).toEqual(["14101", "141", "14"]);
    expect(openedUnitCodes(chain, "unit")).toEqual(["14101"]);
    expect(openedUnitCodes(chain, "unit_and_province")).toEqual(["14101", "14"]);
    expect(openedUnitCodes(chain.slice(2), "unit_and_province")).toEqual(["14"]);
    expect(parseOpenedAudience("unit")).toBe("unit");
    expect(parseOpenedAudience("everyone")).toBe("chain");
    expect(parseOpenedAudience(undefined)).toBe("chain");
  });

  it("sends a reminder to the assignee, and escalates an overdue case one level up", () => {
    expect(escalationUnitCodes(chain, "due_soon", true)).toEqual([]);
    expect(escalationUnitCodes(chain, "due_soon", false)).toEqual(["14101"]);
    expect(escalationUnitCodes(chain, "overdue", true)).toEqual(["141"]);
    expect(escalationUnitCodes(chain, "overdue", false)).toEqual(["14101", "141"]);
    expect(escalationUnitCodes(chain.slice(2), "overdue", true)).toEqual([]);
  });

  it("maps case events to webhook events and alerts", () => {
    expect(webhookEventOf("opened")).toBe("case.opened");
    expect(webhookEventOf("concluded")).toBe("case.concluded");
    expect(webhookEventOf("note")).toBeNull();
    expect(alertKindOf("overdue")).toBe("overdue");
    expect(alertKindOf("concluded")).toBeNull();
  });
});

describe("retries", () => {
  it("waits 30 s, then doubles up to an hour, and gives up a day after the first try", () => {
    const first = new Date("2026-12-07T02:00:00Z");
    const delays = [1, 2, 3, 4, 8, 20].map((n) => (nextAttemptAt(first, first, n)!.getTime() - first.getTime()) / 1000);
    expect(delays).toEqual([30, 60, 120, 240, 3600, 3600]);
    const late = new Date(first.getTime() + RETRY_FOR_MS - 10 * 60_000);
    expect(nextAttemptAt(first, late, 12)).toBeNull();
    expect(nextAttemptAt(first, late, 2)).not.toBeNull();
  });
});
