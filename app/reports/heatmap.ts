/**
 * When citizens are (dis)satisfied: counts by weekday (Monday first, as the
 * Vietnamese week "Thứ Hai…Chủ nhật") × local hour, and the shade a cell of
 * the heat map gets. Pure; the rates come from app/domain/rates.ts, through
 * `weekdayHourReport` (rates-report.server.ts).
 */
import { type Rate, type RateCounts, type Targets, emptyCounts, judgementOf } from "~/domain/rates";
import { addRollupCounts } from "~/domain/response";

export interface HeatGrid {
  /** The hours shown, in order: office hours, widened to any hour with responses. */
  hours: number[];
  /** cells[weekday][index of hour in `hours`] */
  cells: RateCounts[][];
}

/** met: above the target; near: within 5 points below it; few: too few responses to judge. */
export type HeatShade = "none" | "few" | "met" | "near" | "low";

export interface HeatCell {
  /** N, the counted responses. */
  total: number;
  satisfaction: Rate;
  shade: HeatShade;
}

/** The heat map as the dashboard renders it. */
export interface HeatMap {
  hours: number[];
  cells: HeatCell[][];
}

const OFFICE_HOURS = { first: 7, last: 17 };

/** How far below the target a satisfaction rate still shades as "near". */
const NEAR_TARGET = 0.05;

export function weekdayHourGrid(rows: readonly (RateCounts & { weekday: number; localHour: number })[]): HeatGrid {
  const counted = rows.filter((row) => row.total + row.suspect > 0);
  let first = OFFICE_HOURS.first;
  let last = OFFICE_HOURS.last;
  for (const row of counted) {
    first = Math.min(first, row.localHour);
    last = Math.max(last, row.localHour);
  }
  const hours = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const cells = Array.from({ length: 7 }, () => hours.map(() => emptyCounts()));
  for (const row of counted) addRollupCounts(cells[row.weekday][row.localHour - first], row);
  return { hours, cells };
}

export function heatShade(satisfaction: Rate, targets: Targets): HeatShade {
  switch (judgementOf(satisfaction)) {
    case "no_data":
      return "none";
    case "insufficient":
      return "few";
    case "met":
      return "met";
    default:
      return satisfaction.rate! > targets.satisfaction - NEAR_TARGET ? "near" : "low";
  }
}
