/**
 * Report periods: any range of local dates (Asia/Ho_Chi_Minh, YYYY-MM-DD,
 * both ends included), and the shortcuts a Vietnamese report is usually made
 * for — a month, a quarter ("Quý"), six months ("6 tháng đầu/cuối năm") and a
 * year — written as codes in URLs and on the command line:
 *
 *   2026-11  month      2026-Q4  quarter      2026-H2  half year      2026  year
 *
 * Pure: no clock, no I/O; the caller passes today's local date.
 */
import { formatDate } from "~/utils/format";
import { addDays, daysInclusive, endOfMonth, isIsoDate } from "./time";

export type PeriodKind = "month" | "quarter" | "half" | "year" | "range";

export interface Period {
  kind: PeriodKind;
  from: string;
  to: string;
  /** For the shortcuts: the year and the month (1–12), quarter (1–4) or half (1–2). */
  year?: number;
  index?: number;
}

/** The longest range a report may cover. */
export const MAX_RANGE_YEARS = 5;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_RE = /^(\d{4})-Q([1-4])$/;
const HALF_RE = /^(\d{4})-H([12])$/;
const YEAR_RE = /^(\d{4})$/;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** The months first..last (1–12) of a year as a period. */
function monthsOf(year: number, first: number, last: number): { from: string; to: string } {
  return { from: `${year}-${pad(first)}-01`, to: endOfMonth(`${year}-${pad(last)}-01`) };
}

export function monthPeriod(year: number, month: number): Period {
  return { kind: "month", year, index: month, ...monthsOf(year, month, month) };
}

export function quarterPeriod(year: number, quarter: number): Period {
  return { kind: "quarter", year, index: quarter, ...monthsOf(year, quarter * 3 - 2, quarter * 3) };
}

export function halfPeriod(year: number, half: number): Period {
  return { kind: "half", year, index: half, ...monthsOf(year, half * 6 - 5, half * 6) };
}

export function yearPeriod(year: number): Period {
  return { kind: "year", year, ...monthsOf(year, 1, 12) };
}

/** "2026-11", "2026-Q4", "2026-H2" or "2026" as a period; null for anything else. */
export function parsePeriodCode(code: string): Period | null {
  let m = MONTH_RE.exec(code);
  if (m) return monthPeriod(Number(m[1]), Number(m[2]));
  m = QUARTER_RE.exec(code);
  if (m) return quarterPeriod(Number(m[1]), Number(m[2]));
  m = HALF_RE.exec(code);
  if (m) return halfPeriod(Number(m[1]), Number(m[2]));
  m = YEAR_RE.exec(code);
  if (m) return yearPeriod(Number(m[1]));
  return null;
}

/** The code of a shortcut period ("2026-Q4"); null for a plain range. */
export function periodCode(period: Period): string | null {
  switch (period.kind) {
    case "month":
      return `${period.year}-${pad(period.index!)}`;
    case "quarter":
      return `${period.year}-Q${period.index}`;
    case "half":
      return `${period.year}-H${period.index}`;
    case "year":
      return String(period.year);
    default:
      return null;
  }
}

/**
 * What a range is: exactly a month, quarter, half year or year (so a report
 * can title it "Quý IV năm 2026"), or a plain range ("Từ ngày … đến ngày …").
 */
export function describePeriod(from: string, to: string): Period {
  const year = Number(from.slice(0, 4));
  const month = Number(from.slice(5, 7));
  if (from.slice(8) === "01" && to.slice(0, 4) === from.slice(0, 4)) {
    const candidates = [
      monthPeriod(year, month),
      ...(month % 3 === 1 ? [quarterPeriod(year, (month + 2) / 3)] : []),
      ...(month % 6 === 1 ? [halfPeriod(year, (month + 5) / 6)] : []),
      ...(month === 1 ? [yearPeriod(year)] : []),
    ];
    const match = candidates.find((p) => p.to === to);
    if (match) return match;
  }
  return { kind: "range", from, to };
}

/**
 * The period a report compares against: the month, quarter, half year or
 * year before; for a plain range, the same number of days just before it.
 */
export function previousPeriod(period: Period): Period {
  const { kind, year, index } = period;
  if (kind === "month") return index === 1 ? monthPeriod(year! - 1, 12) : monthPeriod(year!, index! - 1);
  if (kind === "quarter") return index === 1 ? quarterPeriod(year! - 1, 4) : quarterPeriod(year!, index! - 1);
  if (kind === "half") return index === 1 ? halfPeriod(year! - 1, 2) : halfPeriod(year!, 1);
  if (kind === "year") return yearPeriod(year! - 1);
  const to = addDays(period.from, -1);
  return describePeriod(addDays(to, 1 - daysInclusive(period.from, period.to)), to);
}

/** Adds whole years to a date; 29 February moves to 1 March in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

/** The last day a range starting at `from` may end on. */
export function latestEnd(from: string): string {
  return addDays(addYears(from, MAX_RANGE_YEARS), -1);
}

export type RangeProblem = "invalid_date" | "from_after_to" | "range_too_long";

/** Why a range cannot be reported, or null when it can. */
export function rangeProblem(from: string, to: string): RangeProblem | null {
  if (!isIsoDate(from) || !isIsoDate(to)) return "invalid_date";
  if (from > to) return "from_after_to";
  if (to > latestEnd(from)) return "range_too_long";
  return null;
}

/** The months a range touches, as YYYY-MM, in order. */
export function monthsInRange(from: string, to: string): string[] {
  const months: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${pad(m)}`;
    if (key > last) break;
    months.push(key);
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

/** The shortcut periods a report page offers, newest first, none starting after today. */
export function shortcutPeriods(today: string, years = 2): Record<Exclude<PeriodKind, "range">, Period[]> {
  const thisYear = Number(today.slice(0, 4));
  const started = (p: Period) => p.from <= today;
  const out = { month: [] as Period[], quarter: [] as Period[], half: [] as Period[], year: [] as Period[] };
  for (let year = thisYear; year > thisYear - years; year--) {
    for (let i = 12; i >= 1; i--) out.month.push(monthPeriod(year, i));
    for (let i = 4; i >= 1; i--) out.quarter.push(quarterPeriod(year, i));
    for (let i = 2; i >= 1; i--) out.half.push(halfPeriod(year, i));
  }
  for (let year = thisYear; year > thisYear - MAX_RANGE_YEARS; year--) out.year.push(yearPeriod(year));
  return {
    month: out.month.filter(started),
    quarter: out.quarter.filter(started),
    half: out.half.filter(started),
    year: out.year.filter(started),
  };
}

/** Roman numerals for quarters, as Vietnamese reports write them ("Quý IV"). */
export const QUARTER_NUMERALS = ["I", "II", "III", "IV"] as const;

type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** "Tháng 11 năm 2026", "Quý IV năm 2026", "6 tháng đầu năm 2026", "Năm 2026", "Từ ngày 01/11/2026 đến ngày 26/11/2026". */
export function periodLabel(period: Period, t: Translate): string {
  switch (period.kind) {
    case "month":
      return t("reports:periods.month", { month: pad(period.index!), year: period.year! });
    case "quarter":
      return t("reports:periods.quarter", { quarter: QUARTER_NUMERALS[period.index! - 1], year: period.year! });
    case "half":
      return t(`reports:periods.half_${period.index}`, { year: period.year! });
    case "year":
      return t("reports:periods.year", { year: period.year! });
    default:
      return t("reports:periods.range", { from: formatDate(period.from), to: formatDate(period.to) });
  }
}

/**
 * A range cut into the whole months inside it and the days left at either
 * end, so a report can read whole months from a month grain:
 * 2026-10-15 … 2027-02-10 → months 2026-11-01 … 2027-01-31, days 2026-10-15 …
 * 2026-10-31 and 2027-02-01 … 2027-02-10.
 */
export function splitByWholeMonths(
  from: string,
  to: string
): { months: { from: string; to: string } | null; days: { from: string; to: string }[] } {
  const firstWhole = from.endsWith("-01") ? from : addDays(endOfMonth(from), 1);
  const lastWhole = to === endOfMonth(to) ? to : addDays(`${to.slice(0, 7)}-01`, -1);
  if (firstWhole > lastWhole) return { months: null, days: [{ from, to }] };
  const days = [];
  if (from < firstWhole) days.push({ from, to: addDays(firstWhole, -1) });
  if (to > lastWhole) days.push({ from: addDays(lastWhole, 1), to });
  return { months: { from: firstWhole, to: lastWhole }, days };
}

/**
 * Whole months [from, to] as the months before the last, and the last: the
 * last is often the current one, whose sums change all the time, while the
 * others stand still (ADR 063).
 */
export function monthParts(months: { from: string; to: string }): { from: string; to: string }[] {
  const lastStart = `${months.to.slice(0, 7)}-01`;
  return months.from === lastStart
    ? [months]
    : [
        { from: months.from, to: addDays(lastStart, -1) },
        { from: lastStart, to: months.to },
      ];
}

/**
 * Whether a range is the start of one month: its 1st up to a day in it. Such
 * a range equals the month's whole sums whenever nothing is dated after its
 * last day (the month so far).
 */
export function isMonthSoFar(range: { from: string; to: string }): boolean {
  return range.from.endsWith("-01") && range.from.slice(0, 7) === range.to.slice(0, 7);
}
