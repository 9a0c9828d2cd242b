import { describe, expect, it } from "vitest";
import {
  VIETNAM_HOLIDAYS,
  addWorkingDays,
  isWorkingDay,
  workingDaysBetween,
  workingDaysCounter,
} from "~/domain/working-days";
import { addDays, weekdayOf } from "~/domain/time";

const holidays = new Set(VIETNAM_HOLIDAYS.map((h) => h.date));
const none = new Set<string>();

describe("working days", () => {
  it("skips weekends", () => {
    // Friday 6/3/2026 + 1 working day = Monday 9/3.
    expect(addWorkingDays("2026-03-06", 1, none)).toBe("2026-03-09");
    expect(addWorkingDays("2026-03-02", 10, none)).toBe("2026-03-16");
    expect(isWorkingDay("2026-03-07", none)).toBe(false);
  });

  it("skips Tết 2026 (16–20/2): a case opened on Friday 13/2 is due ten working days later, on 6/3", () => {
    for (const d of ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"])
      expect(isWorkingDay(d, holidays)).toBe(false);
    expect(addWorkingDays("2026-02-13", 1, holidays)).toBe("2026-02-23");
    expect(addWorkingDays("2026-02-13", 10, holidays)).toBe("2026-03-06");
    // Without the holidays it would be 27/2.
    expect(addWorkingDays("2026-02-13", 10, none)).toBe("2026-02-27");
  });

  it("skips 30/4–1/5/2026 and the moved Giỗ Tổ (27/4)", () => {
    // Friday 24/4 + 3 working days: 28/4, 29/4, then 4/5.
    expect(addWorkingDays("2026-04-24", 3, holidays)).toBe("2026-05-04");
    expect(workingDaysBetween("2026-04-24", "2026-05-04", holidays)).toBe(3);
  });

  it("counts working days between two dates", () => {
    expect(workingDaysBetween("2026-03-02", "2026-03-02", none)).toBe(0);
    expect(workingDaysBetween("2026-03-06", "2026-03-09", none)).toBe(1);
    expect(workingDaysBetween("2026-03-09", "2026-03-06", none)).toBe(0);
  });

  it("n = 0 gives the day itself when it is a working day, else the next", () => {
    expect(addWorkingDays("2026-03-04", 0, none)).toBe("2026-03-04");
    expect(addWorkingDays("2026-02-14", 0, holidays)).toBe("2026-02-23");
  });

  it("seeds only weekdays, each date once", () => {
    for (const h of VIETNAM_HOLIDAYS) expect(weekdayOf(h.date), h.date).toBeLessThan(5);
    expect(new Set(VIETNAM_HOLIDAYS.map((h) => h.date)).size).toBe(VIETNAM_HOLIDAYS.length);
  });

  it("counts many pairs from one pass over a window as day by day, inside and outside it", () => {
    const between = workingDaysCounter("2026-01-01", "2026-12-31", holidays);
    // Tết: Friday 13/2 to Monday 23/2/2026 spans five holidays and a weekend: one working day.
    expect(between("2026-02-13", "2026-02-23")).toBe(1);
    expect(between("2026-02-23", "2026-02-13")).toBe(0);
    const dates = Array.from({ length: 400 }, (_, i) => addDays("2025-12-15", i)); // a little past each end
    for (let i = 0; i < dates.length; i += 7) {
      for (let j = i; j < dates.length; j += 11) {
        expect(between(dates[i], dates[j]), `${dates[i]} → ${dates[j]}`).toBe(
          workingDaysBetween(dates[i], dates[j], holidays)
        );
      }
    }
  });

  it("names each Tết day by its lunar date: tháng Chạp has 29 days before both Tết", () => {
    // Mùng 1 Tết and the length of the tháng Chạp before it (lịch âm Việt Nam, UTC+7):
    // Bính Ngọ 17/2/2026 (Chạp from 19/1/2026), Đinh Mùi 6/2/2027 (Chạp from 8/1/2027).
    const tet = [
      { newYear: "2026-02-17", chap: 29 },
      { newYear: "2027-02-06", chap: 29 },
    ];
    const lunar = (date: string) => {
      const t = tet.find((x) => Math.abs(Date.parse(date) - Date.parse(x.newYear)) < 20 * 86_400_000)!;
      const days = Math.round((Date.parse(date) - Date.parse(t.newYear)) / 86_400_000);
      return days < 0 ? `${t.chap + 1 + days} tháng Chạp` : `mùng ${days + 1}`;
    };
    const tetDays = VIETNAM_HOLIDAYS.filter((h) => h.name.startsWith("Tết Nguyên đán"));
    expect(tetDays).toHaveLength(10);
    for (const h of tetDays) {
      const label = /\((.+)\)/.exec(h.name)![1];
      if (label !== "nghỉ bù") expect(label, h.date).toBe(lunar(h.date));
    }
    expect(VIETNAM_HOLIDAYS.find((h) => h.date === "2026-02-16")?.name).toBe("Tết Nguyên đán (29 tháng Chạp)");
  });
});
