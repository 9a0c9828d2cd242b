import { describe, expect, it } from "vitest";
import {
  MAX_RANGE_YEARS,
  addYears,
  describePeriod,
  latestEnd,
  monthsInRange,
  parsePeriodCode,
  periodCode,
  periodLabel,
  rangeProblem,
  shortcutPeriods,
  monthParts,
  splitByWholeMonths,
} from "~/domain/periods";
import { getT } from "~/i18n/i18n.server";

describe("period codes", () => {
  it("reads months, quarters, halves and years as local date ranges", () => {
    expect(parsePeriodCode("2026-02")).toMatchObject({ kind: "month", from: "2026-02-01", to: "2026-02-28" });
    expect(parsePeriodCode("2028-02")).toMatchObject({ to: "2028-02-29" });
    expect(parsePeriodCode("2026-Q4")).toMatchObject({ kind: "quarter", from: "2026-10-01", to: "2026-12-31" });
    expect(parsePeriodCode("2026-Q1")).toMatchObject({ from: "2026-01-01", to: "2026-03-31" });
    expect(parsePeriodCode("2025-H1")).toMatchObject({ kind: "half", from: "2025-01-01", to: "2025-06-30" });
    expect(parsePeriodCode("2025-H2")).toMatchObject({ from: "2025-07-01", to: "2025-12-31" });
    expect(parsePeriodCode("2019")).toMatchObject({ kind: "year", from: "2019-01-01", to: "2019-12-31" });
  });

  it("refuses anything else", () => {
    for (const bad of ["2026-13", "2026-00", "2026-Q5", "2026-H3", "26", "2026-1", "", "2026-11-01", "Q1-2026"]) {
      expect(parsePeriodCode(bad), bad).toBeNull();
    }
  });

  it("writes a shortcut back as its code", () => {
    for (const code of ["2026-11", "2026-Q4", "2026-H2", "2026"]) expect(periodCode(parsePeriodCode(code)!)).toBe(code);
    expect(periodCode({ kind: "range", from: "2026-11-03", to: "2026-11-20" })).toBeNull();
  });
});

describe("describePeriod", () => {
  it("recognises a range that is exactly a shortcut, preferring the shortest name", () => {
    expect(describePeriod("2026-11-01", "2026-11-30")).toMatchObject({ kind: "month", index: 11 });
    expect(describePeriod("2026-10-01", "2026-12-31")).toMatchObject({ kind: "quarter", index: 4 });
    expect(describePeriod("2026-01-01", "2026-06-30")).toMatchObject({ kind: "half", index: 1 });
    expect(describePeriod("2026-01-01", "2026-12-31")).toMatchObject({ kind: "year", year: 2026 });
  });
  it("calls anything else a range", () => {
    for (const [from, to] of [
      ["2026-11-01", "2026-11-26"],
      ["2026-11-02", "2026-11-30"],
      ["2026-02-01", "2026-04-30"],
      ["2026-01-01", "2027-12-31"],
    ]) {
      expect(describePeriod(from, to)).toEqual({ kind: "range", from, to });
    }
  });
});

describe("rangeProblem", () => {
  it("accepts one day and exactly five years", () => {
    expect(rangeProblem("2026-11-26", "2026-11-26")).toBeNull();
    expect(rangeProblem("2021-01-01", "2025-12-31")).toBeNull();
    expect(latestEnd("2021-01-01")).toBe("2025-12-31");
  });
  it("refuses from after to, a range over five years and impossible dates", () => {
    expect(rangeProblem("2026-11-27", "2026-11-26")).toBe("from_after_to");
    expect(rangeProblem("2021-01-01", "2026-01-01")).toBe("range_too_long");
    expect(rangeProblem("2026-02-30", "2026-03-01")).toBe("invalid_date");
    expect(MAX_RANGE_YEARS).toBe(5);
  });
  it("moves 29 February to 1 March when adding years", () => {
    expect(addYears("2028-02-29", 1)).toBe("2029-03-01");
    expect(addYears("2026-11-26", 5)).toBe("2031-11-26");
  });
});

describe("monthsInRange", () => {
  it("lists every month a range touches, across a new year", () => {
    expect(monthsInRange("2025-11-15", "2026-02-01")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(monthsInRange("2026-11-26", "2026-11-26")).toEqual(["2026-11"]);
  });
});

describe("shortcutPeriods", () => {
  it("offers periods that have started, newest first", () => {
    const s = shortcutPeriods("2026-08-15");
    expect(s.month[0]).toMatchObject({ kind: "month", year: 2026, index: 8 });
    expect(s.month).toHaveLength(8 + 12);
    expect(s.quarter.map((p) => periodCode(p)).slice(0, 3)).toEqual(["2026-Q3", "2026-Q2", "2026-Q1"]);
    expect(s.half.map((p) => periodCode(p))).toEqual(["2026-H2", "2026-H1", "2025-H2", "2025-H1"]);
    expect(s.year.map((p) => p.year)).toEqual([2026, 2025, 2024, 2023, 2022]);
  });
});

describe("periodLabel", () => {
  it("names periods as a Vietnamese report does", () => {
    const t = getT("vi");
    expect(periodLabel(parsePeriodCode("2026-11")!, t)).toBe("Tháng 11 năm 2026");
    expect(periodLabel(parsePeriodCode("2026-Q4")!, t)).toBe("Quý IV năm 2026");
    expect(periodLabel(parsePeriodCode("2026-H1")!, t)).toBe("6 tháng đầu năm 2026");
    expect(periodLabel(parsePeriodCode("2026-H2")!, t)).toBe("6 tháng cuối năm 2026");
    expect(periodLabel(parsePeriodCode("2026")!, t)).toBe("Năm 2026");
    expect(periodLabel(describePeriod("2026-11-01", "2026-11-26"), t)).toBe("Từ ngày 01/11/2026 đến ngày 26/11/2026");
    expect(periodLabel(parsePeriodCode("2026-Q4")!, getT("en"))).toBe("Quarter IV 2026");
  });
});

describe("splitByWholeMonths", () => {
  it("reads whole months from the month grain and the ends from the day grain", () => {
    expect(splitByWholeMonths("2026-10-15", "2027-02-10")).toEqual({
      months: { from: "2026-11-01", to: "2027-01-31" },
      days: [
        { from: "2026-10-15", to: "2026-10-31" },
        { from: "2027-02-01", to: "2027-02-10" },
      ],
    });
    expect(splitByWholeMonths("2026-01-01", "2026-12-31")).toEqual({
      months: { from: "2026-01-01", to: "2026-12-31" },
      days: [],
    });
    expect(splitByWholeMonths("2028-02-01", "2028-02-29")).toEqual({
      months: { from: "2028-02-01", to: "2028-02-29" },
      days: [],
    });
  });
  it("keeps a range without a whole month in days", () => {
    expect(splitByWholeMonths("2026-11-03", "2026-11-20")).toEqual({
      months: null,
      days: [{ from: "2026-11-03", to: "2026-11-20" }],
    });
    expect(splitByWholeMonths("2026-10-02", "2026-11-29")).toEqual({
      months: null,
      days: [{ from: "2026-10-02", to: "2026-11-29" }],
    });
    expect(splitByWholeMonths("2026-11-26", "2026-11-26").months).toBeNull();
  });
});

describe("monthParts", () => {
  it("keeps the last whole month apart from the months before it", () => {
    expect(monthParts({ from: "2026-01-01", to: "2026-11-30" })).toEqual([
      { from: "2026-01-01", to: "2026-10-31" },
      { from: "2026-11-01", to: "2026-11-30" },
    ]);
    expect(monthParts({ from: "2026-11-01", to: "2026-11-30" })).toEqual([{ from: "2026-11-01", to: "2026-11-30" }]);
  });
});
