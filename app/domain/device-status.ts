/**
 * Is a tablet working? Pure: from its last contact, the time now and the desk's
 * office hours (Asia/Ho_Chi_Minh).
 *
 * - online:  heard from within ONLINE_WITHIN_MS (the kiosk reports every minute);
 * - stale:   no contact for STALE_AFTER_MS of office hours — needs a look;
 * - offline: otherwise (switched off for the night or the weekend, a short gap,
 *            or never seen).
 */
import { addDays, localDateOf, weekdayOf } from "./time";

export type DeviceState = "online" | "offline" | "stale";

/** Refused answers a tablet sends in full with a status report (all are counted). */
export const MAX_HELD_REPORTED = 20;

/** How stale last_seen_at may get before a request writes it again. */
const CONTACT_WRITE_INTERVAL_MS = 30 * 1000;

/** Whether a request from the device at `now` should write its last_seen_at (not on every request). */
export function contactIsStale(device: { lastSeenAt: string | null }, now: Date): boolean {
  const last = device.lastSeenAt ? Date.parse(device.lastSeenAt) : 0;
  return now.getTime() - last > CONTACT_WRITE_INTERVAL_MS;
}

export const ONLINE_WITHIN_MS = 3 * 60_000;
export const STALE_AFTER_MS = 15 * 60_000;

export interface OfficeHours {
  /** Working days, 0 = Monday … 6 = Sunday. */
  days: number[];
  /** Local opening and closing times, "HH:MM". */
  start: string;
  end: string;
}

/** Monday to Friday, 7:30 to 17:00, as one-stop desks open; a setting may change it (`office_hours`). */
export const DEFAULT_OFFICE_HOURS: OfficeHours = { days: [0, 1, 2, 3, 4], start: "07:30", end: "17:00" };

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const OFFSET = "+07:00";

/** Office hours from the `office_hours` setting (JSON), or the default when absent or unusable. */
export function officeHoursFromSetting(value: string | undefined): OfficeHours {
  if (!value) return DEFAULT_OFFICE_HOURS;
  try {
    const v = JSON.parse(value) as Partial<OfficeHours>;
    const days = Array.isArray(v.days) ? v.days.filter((d) => Number.isInteger(d) && d >= 0 && d <= 6) : [];
    if (days.length && HHMM.test(v.start ?? "") && HHMM.test(v.end ?? "") && v.start! < v.end!) {
      return { days, start: v.start!, end: v.end! };
    }
  } catch {
    // fall through to the default
  }
  return DEFAULT_OFFICE_HOURS;
}

/** Milliseconds of office hours between two instants. */
export function officeTimeBetween(from: Date, to: Date, hours: OfficeHours): number {
  let total = 0;
  const last = localDateOf(to);
  // A year of silence is stale whatever the hours; no need to count further.
  for (let day = localDateOf(from), n = 0; day <= last && n < 370; day = addDays(day, 1), n++) {
    if (!hours.days.includes(weekdayOf(day))) continue;
    const open = Math.max(Date.parse(`${day}T${hours.start}:00${OFFSET}`), from.getTime());
    const close = Math.min(Date.parse(`${day}T${hours.end}:00${OFFSET}`), to.getTime());
    if (close > open) total += close - open;
  }
  return total;
}

export function deviceState(
  lastContact: Date | null,
  now: Date,
  hours: OfficeHours = DEFAULT_OFFICE_HOURS
): DeviceState {
  if (!lastContact) return "offline";
  if (now.getTime() - lastContact.getTime() <= ONLINE_WITHIN_MS) return "online";
  return officeTimeBetween(lastContact, now, hours) >= STALE_AFTER_MS ? "stale" : "offline";
}

/**
 * The bounds of the states as instants, for filtering in SQL (issue 18): a
 * tablet last heard from at or after `onlineSince` is online; one heard from
 * at or before `staleUpTo` (and not online) is stale — the latest instant with
 * STALE_AFTER_MS of office hours between it and now, found by bisection over
 * `officeTimeBetween`, which only grows as the instant moves back. Between the
 * two it is offline. `staleUpTo` is null when no instant within a year is
 * stale (no working days).
 */
export function deviceStateBounds(
  now: Date,
  hours: OfficeHours = DEFAULT_OFFICE_HOURS
): { onlineSince: Date; staleUpTo: Date | null } {
  const onlineSince = new Date(now.getTime() - ONLINE_WITHIN_MS);
  const isStale = (ms: number) => officeTimeBetween(new Date(ms), now, hours) >= STALE_AFTER_MS;
  let stale = now.getTime() - 366 * 86_400_000;
  if (!isStale(stale)) return { onlineSince, staleUpTo: null };
  let fresh = now.getTime();
  // Invariant: isStale(stale) and !isStale(fresh) (nothing is stale at `now` itself).
  while (fresh - stale > 1) {
    const mid = Math.floor((stale + fresh) / 2);
    if (isStale(mid)) stale = mid;
    else fresh = mid;
  }
  return { onlineSince, staleUpTo: new Date(stale) };
}
