import { describe, expect, it } from "vitest";
import { documentDateParts, formatDate, formatDateTime, formatNumber, formatPercent } from "~/utils/format";

describe("vi-VN formatting", () => {
  it("writes percentages with a decimal comma and one decimal", () => {
    expect(formatPercent(0.925)).toBe("92,5%");
    expect(formatPercent(0.92)).toBe("92,0%");
    expect(formatPercent(0.017)).toBe("1,7%");
    expect(formatPercent(0.925, "en")).toBe("92.5%");
  });
  it("shows a dash, never 0% or NaN, for a missing rate", () => {
    expect(formatPercent(null)).toBe("—");
    expect(formatPercent(Number.NaN)).toBe("—");
  });
  it("groups thousands with dots and writes dates day first", () => {
    expect(formatNumber(1234567)).toBe("1.234.567");
    expect(formatDate("2026-11-26")).toBe("26/11/2026");
  });
  it("shows times in Asia/Ho_Chi_Minh", () => {
    expect(formatDateTime("2026-11-25T17:05:00Z")).toBe("00:05 26/11/2026");
  });
});

describe("documentDateParts (Nghị định 30/2020/NĐ-CP)", () => {
  it("writes a leading zero only for days below 10 and for months 1 and 2", () => {
    expect(documentDateParts("2026-03-05")).toEqual({ day: "05", month: "3", year: "2026" });
    expect(documentDateParts("2026-01-15")).toEqual({ day: "15", month: "01", year: "2026" });
    expect(documentDateParts("2026-12-04")).toEqual({ day: "04", month: "12", year: "2026" });
    expect(documentDateParts("2026-02-28")).toEqual({ day: "28", month: "02", year: "2026" });
    expect(documentDateParts("2026-09-30")).toEqual({ day: "30", month: "9", year: "2026" });
  });
});
