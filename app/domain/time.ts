/**
 * Dates and times in Asia/Ho_Chi_Minh. Vietnam has kept UTC+7 without daylight
 * saving since 1975, so a fixed offset is exact for every date this app stores
 * and is far cheaper on the ingest path than Intl. (Display formatting names
 * the zone itself: app/utils/format.ts.)
 */
const OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface LocalTime {
  /** YYYY-MM-DD */
  date: string;
  /** 0..23 */
  hour: number;
}

export function toLocalTime(instant: Date): LocalTime {
  const shifted = new Date(instant.getTime() + OFFSET_MS).toISOString();
  return { date: shifted.slice(0, 10), hour: Number(shifted.slice(11, 13)) };
}

export function localDateOf(instant: Date): string {
  return toLocalTime(instant).date;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date in YYYY-MM-DD form. */
export function isIsoDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  return new Date(d.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** Number of days from `from` to `to`, inclusive of both. */
export function daysInclusive(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** First day of the month of a YYYY-MM-DD date. */
export function startOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** Last day of the month of a YYYY-MM-DD date. */
export function endOfMonth(date: string): string {
  const [y, m] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday, the Vietnamese week ("Thứ Hai" first). */
export function weekdayOf(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}
