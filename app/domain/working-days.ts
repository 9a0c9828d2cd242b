/**
 * Working days for case deadlines: Monday to Friday, minus the public holidays
 * administrators keep (table `holidays`). Dates are local YYYY-MM-DD strings.
 * Vietnam moves a holiday falling on a weekend to the next working day by
 * decision of the government, so compensatory days are listed as holidays
 * themselves (see VIETNAM_HOLIDAYS).
 */
import { addDays, weekdayOf } from "./time";

export function isWorkingDay(date: string, holidays: ReadonlySet<string>): boolean {
  return weekdayOf(date) < 5 && !holidays.has(date);
}

/**
 * The `n`-th working day after `from` (`from` itself not counted); `n` = 0
 * gives `from` if it is a working day, else the next one.
 */
export function addWorkingDays(from: string, n: number, holidays: ReadonlySet<string>): string {
  let date = from;
  if (n <= 0) {
    while (!isWorkingDay(date, holidays)) date = addDays(date, 1);
    return date;
  }
  let left = n;
  while (left > 0) {
    date = addDays(date, 1);
    if (isWorkingDay(date, holidays)) left--;
  }
  return date;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string, holidays: ReadonlySet<string>): number {
  let n = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) if (isWorkingDay(date, holidays)) n++;
  return n;
}

/**
 * `workingDaysBetween` for many pairs of dates inside [first, last] (a report's
 * thousands of cases): each day of the window is looked at once, and a pair
 * is then two lookups. A pair outside the window is counted day by day.
 */
export function workingDaysCounter(
  first: string,
  last: string,
  holidays: ReadonlySet<string>
): (from: string, to: string) => number {
  // Working days from `first` up to and including each date of the window.
  const upTo = new Map<string, number>();
  let count = 0;
  for (let date = first; date <= last; date = addDays(date, 1)) {
    if (isWorkingDay(date, holidays)) count++;
    upTo.set(date, count);
  }
  return (from, to) => {
    if (to <= from) return 0;
    const before = upTo.get(from);
    const through = upTo.get(to);
    return before === undefined || through === undefined ? workingDaysBetween(from, to, holidays) : through - before;
  };
}

/** A year's worth of days any deadline can span: holidays are read for this window after a date. */
export const HOLIDAY_WINDOW_DAYS = 366;

/**
 * Vietnam's public holidays for civil servants, 2026–2027 (Bộ luật Lao động
 * 2019 art. 112; lunar dates converted; weekend holidays moved to the next
 * working day). Only weekdays matter for deadlines; administrators correct
 * the list when the government announces each year's schedule.
 */
export const VIETNAM_HOLIDAYS: readonly { date: string; name: string }[] = [
  { date: "2026-01-01", name: "Tết Dương lịch" },
  // Tết Bính Ngọ: 14/2 (27 tháng Chạp) to 22/2/2026 (mùng 6 Tết); the weekdays are 16–20/2.
  // Tháng Chạp of Ất Tỵ has 29 days (from 19/1/2026): Monday 16/2 is its last day, the 29th.
  { date: "2026-02-16", name: "Tết Nguyên đán (29 tháng Chạp)" },
  { date: "2026-02-17", name: "Tết Nguyên đán (mùng 1)" },
  { date: "2026-02-18", name: "Tết Nguyên đán (mùng 2)" },
  { date: "2026-02-19", name: "Tết Nguyên đán (mùng 3)" },
  { date: "2026-02-20", name: "Tết Nguyên đán (mùng 4)" },
  // 10/3 âm lịch falls on Sunday 26/4/2026: moved to Monday.
  { date: "2026-04-27", name: "Giỗ Tổ Hùng Vương (nghỉ bù)" },
  { date: "2026-04-30", name: "Ngày Chiến thắng" },
  { date: "2026-05-01", name: "Ngày Quốc tế Lao động" },
  { date: "2026-09-01", name: "Quốc khánh" },
  { date: "2026-09-02", name: "Quốc khánh" },
  { date: "2027-01-01", name: "Tết Dương lịch" },
  // Tết Đinh Mùi: mùng 1 is Saturday 6/2/2027; tháng Chạp of Bính Ngọ has 29 days (from 8/1/2027),
  // so Friday 5/2 is its last day, the 29th.
  { date: "2027-02-04", name: "Tết Nguyên đán (28 tháng Chạp)" },
  { date: "2027-02-05", name: "Tết Nguyên đán (29 tháng Chạp)" },
  { date: "2027-02-08", name: "Tết Nguyên đán (mùng 3)" },
  { date: "2027-02-09", name: "Tết Nguyên đán (mùng 4)" },
  { date: "2027-02-10", name: "Tết Nguyên đán (nghỉ bù)" },
  { date: "2027-04-16", name: "Giỗ Tổ Hùng Vương" },
  { date: "2027-04-30", name: "Ngày Chiến thắng" },
  // 1/5/2027 is a Saturday: moved to Monday.
  { date: "2027-05-03", name: "Ngày Quốc tế Lao động (nghỉ bù)" },
  { date: "2027-09-02", name: "Quốc khánh" },
  { date: "2027-09-03", name: "Quốc khánh" },
];
