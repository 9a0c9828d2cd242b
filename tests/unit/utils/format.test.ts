import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatNumber, formatPercent } from "~/utils/format";

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
