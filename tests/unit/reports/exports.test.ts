import { describe, expect, it } from "vitest";
import { provinceHeader } from "~/reports/export/document.server";
import { attachment } from "~/reports/export/render.server";
import { weekdayHourGrid } from "~/reports/heatmap";
import { emptyCounts } from "~/domain/rates";

describe("provinceHeader", () => {
  it("prints the issuing People's Committee and the place", () => {
    expect(provinceHeader("Tỉnh An Hòa")).toEqual({ issuer: "UBND TỈNH AN HÒA", place: "An Hòa" });
    expect(provinceHeader("Thành phố Hà Nội")).toEqual({ issuer: "UBND THÀNH PHỐ HÀ NỘI", place: "Hà Nội" });
    expect(provinceHeader("TP. Huế")).toEqual({ issuer: "UBND THÀNH PHỐ HUẾ", place: "Huế" });
    expect(provinceHeader("Đắk Lắk")).toEqual({ issuer: "UBND TỈNH ĐẮK LẮK", place: "Đắk Lắk" });
  });
});

describe("attachment", () => {
  it("names the file in ASCII and in UTF-8", () => {
    expect(attachment("báo-cáo.xlsx")).toBe(
      `attachment; filename="bao-cao.xlsx"; filename*=UTF-8''b%C3%A1o-c%C3%A1o.xlsx`
    );
  });
});

describe("weekdayHourGrid", () => {
  it("sums rows by weekday (Monday first) and hour, widening office hours to any hour with responses", () => {
    const row = (weekday: number, localHour: number, total: number) => ({
      ...emptyCounts(),
      total,
      satisfied: total,
      weekday,
      localHour,
    });
    const grid = weekdayHourGrid([row(0, 9, 2), row(0, 9, 3), row(6, 19, 1), row(1, 5, 0)]);
    expect(grid.hours).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(grid.cells[0][2].total).toBe(5);
    expect(grid.cells[6][12].total).toBe(1);
    expect(grid.cells.flat().reduce((n, c) => n + c.total, 0)).toBe(6);
  });
});
