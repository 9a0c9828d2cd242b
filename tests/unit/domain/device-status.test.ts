import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_OFFICE_HOURS,
  deviceState,
  deviceStateBounds,
  officeHoursFromSetting,
  officeTimeBetween,
} from "~/domain/device-status";

/** A local (Asia/Ho_Chi_Minh) time. 2026-11-23 is a Monday. */
const at = (local: string) => new Date(`${local}+07:00`);
const MIN = 60_000;

describe("a tablet's status", () => {
  it("is online when heard from in the last three minutes", () => {
    expect(deviceState(at("2026-11-26T10:00:00"), at("2026-11-26T10:02:59"))).toBe("online");
    expect(deviceState(at("2026-11-26T10:00:00"), at("2026-11-26T10:05:00"))).toBe("offline");
  });

  it("is stale after 15 minutes without contact during office hours", () => {
    expect(deviceState(at("2026-11-26T10:00:00"), at("2026-11-26T10:14:59"))).toBe("offline");
    expect(deviceState(at("2026-11-26T10:00:00"), at("2026-11-26T10:15:00"))).toBe("stale");
  });

  it("is only offline when switched off for the night or the weekend", () => {
    // Off at 16:55 on Friday: 5 office minutes that day, none over the weekend.
    expect(deviceState(at("2026-11-27T16:55:00"), at("2026-11-30T07:30:00"))).toBe("offline");
    // Monday 07:40: 5 + 10 office minutes.
    expect(deviceState(at("2026-11-27T16:55:00"), at("2026-11-30T07:40:00"))).toBe("stale");
    expect(deviceState(at("2026-11-26T17:30:00"), at("2026-11-26T23:00:00"))).toBe("offline");
    expect(deviceState(at("2026-11-29T08:00:00"), at("2026-11-29T12:00:00"))).toBe("offline"); // a Sunday
  });

  it("is offline when never seen", () => {
    expect(deviceState(null, at("2026-11-26T10:00:00"))).toBe("offline");
  });

  it("counts office time across days", () => {
    expect(officeTimeBetween(at("2026-11-23T00:00:00"), at("2026-11-30T00:00:00"), DEFAULT_OFFICE_HOURS)).toBe(
      5 * 570 * MIN
    );
    expect(officeTimeBetween(at("2026-11-26T12:00:00"), at("2026-11-26T12:30:00"), DEFAULT_OFFICE_HOURS)).toBe(
      30 * MIN
    );
    expect(officeTimeBetween(at("2026-11-26T18:00:00"), at("2026-11-26T06:00:00"), DEFAULT_OFFICE_HOURS)).toBe(0);
  });

  it("takes office hours from a setting, ignoring an unusable one", () => {
    const saturday = officeHoursFromSetting('{"days":[0,1,2,3,4,5],"start":"07:00","end":"11:30"}');
    expect(saturday).toEqual({ days: [0, 1, 2, 3, 4, 5], start: "07:00", end: "11:30" });
    expect(deviceState(at("2026-11-28T08:00:00"), at("2026-11-28T08:20:00"), saturday)).toBe("stale");
    for (const bad of [
      undefined,
      "",
      "{",
      '{"days":[9],"start":"07:00","end":"11:00"}',
      '{"days":[1],"start":"12:00","end":"11:00"}',
    ]) {
      expect(officeHoursFromSetting(bad)).toEqual(DEFAULT_OFFICE_HOURS);
    }
  });
});

describe("deviceStateBounds (the list's state filter in SQL)", () => {
  it("classifies every last contact as deviceState does", () => {
    const instant = fc.integer({ min: Date.parse("2026-01-01T00:00:00Z"), max: Date.parse("2026-12-31T00:00:00Z") });
    const hoursArb = fc.constantFrom(DEFAULT_OFFICE_HOURS, { days: [0, 1, 2, 3, 4, 5], start: "08:00", end: "11:30" });
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 10 * 86_400_000 }), hoursArb, (nowMs, ago, hours) => {
        const now = new Date(nowMs);
        const last = new Date(nowMs - ago);
        const { onlineSince, staleUpTo } = deviceStateBounds(now, hours);
        const bySql = last >= onlineSince ? "online" : staleUpTo !== null && last <= staleUpTo ? "stale" : "offline";
        expect(bySql).toBe(deviceState(last, now, hours));
      }),
      { numRuns: 300 }
    );
  });
});
