import { describe, expect, it } from "vitest";
import { addDays, daysInclusive, endOfMonth, isIsoDate, toLocalTime, weekdayOf } from "~/domain/time";

describe("toLocalTime (Asia/Ho_Chi_Minh)", () => {
  it("puts an instant on its Vietnamese date and hour", () => {
    expect(toLocalTime(new Date("2026-11-25T17:30:00Z"))).toEqual({ date: "2026-11-26", hour: 0 });
    expect(toLocalTime(new Date("2026-11-26T16:59:59Z"))).toEqual({ date: "2026-11-26", hour: 23 });
    expect(toLocalTime(new Date("2026-12-31T17:00:00Z"))).toEqual({ date: "2027-01-01", hour: 0 });
  });
  it("agrees with Intl for instants across a year", () => {
    const f = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Ho_Chi_Minh",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    for (
      let ms = Date.parse("2025-01-01T00:00:00Z");
      ms < Date.parse("2026-01-01T00:00:00Z");
      ms += 3_600_000 * 7 + 61_000
    ) {
      expect(toLocalTime(new Date(ms)).date).toBe(f.format(new Date(ms)));
    }
  });
});

describe("date helpers", () => {
  it("validates calendar dates", () => {
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-13-01")).toBe(false);
    expect(isIsoDate("26/11/2026")).toBe(false);
  });
  it("adds days, counts days and finds month ends", () => {
    expect(addDays("2026-02-27", 2)).toBe("2026-03-01");
    expect(daysInclusive("2026-01-01", "2026-12-31")).toBe(365);
    expect(endOfMonth("2028-02-10")).toBe("2028-02-29");
  });
  it("numbers weekdays from Monday", () => {
    expect(weekdayOf("2026-11-23")).toBe(0); // Monday
    expect(weekdayOf("2026-11-29")).toBe(6); // Sunday
  });
});
