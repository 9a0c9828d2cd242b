/**
 * The report's case section, «Kết quả xử lý phản ánh nhũng nhiễu, gây phiền
 * hà» (issue 16, ADR 049): of the counted harassment cases opened in the
 * report's range and scope, how many were concluded, how many of those on
 * time (by their last working day), how many are overdue now, the median
 * working days to conclusion and the findings by kind — in total and per
 * group of the report's own grouping. Computed once here, into the report
 * model; the dashboard and every export only render it.
 */
import type { DB } from "~db/connection";
import { type CaseReportRow, casesForReport } from "~db/repositories/case-report";
import { holidayDates } from "~db/repositories/holidays";
import { cachedCaseRows } from "~db/repositories/rollup-cache";
import type { CaseFinding, ResponseChannel, UnitLevel } from "~db/schema";
import { shareOf } from "~/domain/rates";
import { monthsInRange } from "~/domain/periods";
import { endOfMonth, localDateOf } from "~/domain/time";
import { workingDaysCounter } from "~/domain/working-days";
import type { CaseFigures, CaseSection } from "./report-model";

export const CASE_FINDING_ORDER: readonly CaseFinding[] = ["founded", "unfounded", "insufficient"];

/** The keys a case is routed to a group by (those of the answer rows, so one router serves both). */
export interface CaseGroupKeys {
  unitId: number;
  deskId: number;
  unitLevel: UnitLevel;
  month: string;
  fieldCode: string;
}

/** A group's cases as they are counted: the concluded ones' working days kept for the median. */
interface CaseTally {
  opened: number;
  onTime: number;
  overdue: number;
  days: number[];
  findings: Record<CaseFinding, number>;
}

const emptyTally = (): CaseTally => ({
  opened: 0,
  onTime: 0,
  overdue: 0,
  days: [],
  findings: { founded: 0, unfounded: 0, insufficient: 0 },
});

/** The median of whole numbers of days (a typed array sorts numbers without a comparator: ~20,000 a national year). */
function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function figures(key: string, label: string, tally: CaseTally, minSample: number): CaseFigures {
  return {
    key,
    label,
    opened: tally.opened,
    concluded: tally.days.length,
    onTime: shareOf(tally.onTime, tally.days.length, minSample),
    overdue: tally.overdue,
    medianWorkingDays: median(tally.days),
    findings: { ...tally.findings },
  };
}

/** A case with its local dates and the keys a group finds it by, as kept between reports. */
interface DatedCase {
  row: CaseReportRow;
  opened: string;
  concludedAt: string | null;
  keys: CaseGroupKeys;
}

function dated(row: CaseReportRow): DatedCase {
  const opened = localDateOf(new Date(row.openedAt));
  return {
    row,
    opened,
    concludedAt: row.concludedAt ? localDateOf(new Date(row.concludedAt)) : null,
    keys: {
      unitId: row.unitId,
      deskId: row.deskId,
      unitLevel: row.unitLevel,
      month: opened.slice(0, 7),
      fieldCode: row.fieldCode,
    },
  };
}

/**
 * The case section over `filter` (local dates, scope's unit ids), judged at
 * `today`, its groups those of the report (`groups`, in order) and each case
 * sent to one by `route` (or to none: it still counts in the total).
 */
export async function caseSection(
  db: DB,
  filter: { from: string; to: string; unitIds?: readonly number[]; channel?: ResponseChannel | null },
  grouping: {
    route: (keys: CaseGroupKeys) => number | undefined;
    groups: readonly { key: string; label: string }[];
    /** The groups are procedure fields: the cases' fields are read (from their responses). */
    byField?: boolean;
  },
  options: { today: string; minSample: number; totalLabel: string }
): Promise<CaseSection> {
  const withField = grouping.byField ?? false;
  // The cases with their local dates, kept a month at a time: handling a case raises only the month it was
  // opened in, so a change re-reads that month's cases, not the year's ~20,000 (ADR 063).
  const months = await Promise.all(
    monthsInRange(filter.from, filter.to).map((month) => {
      const [first, end] = [`${month}-01`, endOfMonth(`${month}-01`)];
      const part = {
        ...filter,
        from: filter.from > first ? filter.from : first,
        to: filter.to < end ? filter.to : end,
      };
      return cachedCaseRows(
        db,
        JSON.stringify([part.from, part.to, part.unitIds ?? null, part.channel ?? null, withField]),
        { from: month, to: month },
        async () => (await casesForReport(db, part, { withField })).map(dated)
      );
    })
  );
  const cases = months.flat();
  let last = options.today;
  for (const c of cases) if (c.concludedAt !== null && c.concludedAt > last) last = c.concludedAt;
  const holidays = cases.length === 0 ? new Set<string>() : await holidayDates(db, filter.from, last);
  const workingDays = workingDaysCounter(filter.from, last, holidays);
  const total = emptyTally();
  const perGroup = grouping.groups.map(emptyTally);
  // Counted straight into the total and the case's group: a country's year is ~20,000 cases on every report.
  for (const c of cases) {
    const index = grouping.route(c.keys);
    const group = index === undefined ? undefined : perGroup[index];
    const concludedOn = c.row.status === "concluded" ? c.concludedAt : null;
    const days = concludedOn === null ? null : workingDays(c.opened, concludedOn);
    count(total, c.row, concludedOn, days, options.today);
    if (group) count(group, c.row, concludedOn, days, options.today);
  }
  return {
    asOf: options.today,
    total: figures("total", options.totalLabel, total, options.minSample),
    groups: grouping.groups.map((g, i) => figures(g.key, g.label, perGroup[i], options.minSample)),
  };
}

function count(
  tally: CaseTally,
  row: CaseReportRow,
  concludedOn: string | null,
  days: number | null,
  today: string
): void {
  tally.opened += 1;
  if (concludedOn === null) {
    if (row.dueOn < today) tally.overdue += 1;
    return;
  }
  tally.days.push(days!);
  if (concludedOn <= row.dueOn) tally.onTime += 1;
  if (row.finding) tally.findings[row.finding] += 1;
}
