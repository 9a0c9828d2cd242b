/**
 * When citizens are (dis)satisfied: counts by weekday (Monday first, as the
 * Vietnamese week "Thứ Hai…Chủ nhật") × local hour.
 * Pure; rates come from app/domain/rates.ts.
 */
import { type RateCounts, addCounts, emptyCounts } from "~/domain/rates";

export interface HeatGrid {
  /** The hours shown, in order: office hours, widened to any hour with responses. */
  hours: number[];
  /** cells[weekday][index of hour in `hours`] */
  cells: RateCounts[][];
}

const OFFICE_HOURS = { first: 7, last: 17 };

export function weekdayHourGrid(rows: readonly (RateCounts & { weekday: number; local_hour: number })[]): HeatGrid {
  const counted = rows.filter((row) => row.total + row.suspect > 0);
  let first = OFFICE_HOURS.first;
  let last = OFFICE_HOURS.last;
  for (const row of counted) {
    first = Math.min(first, row.local_hour);
    last = Math.max(last, row.local_hour);
  }
  const hours = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const cells = Array.from({ length: 7 }, () => hours.map(() => emptyCounts()));
  for (const row of counted) addCounts(cells[row.weekday][row.local_hour - first], row);
  return { hours, cells };
}
