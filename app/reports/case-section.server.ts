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
import { localDateOf } from "~/domain/time";
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

interface CaseFacts {
  concluded: boolean;
  onTime: boolean;
  overdue: boolean;
  days: number | null;
  finding: CaseFinding | null;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function figures(key: string, label: string, facts: readonly CaseFacts[], minSample: number): CaseFigures {
  const concluded = facts.filter((f) => f.concluded);
  const findings = { founded: 0, unfounded: 0, insufficient: 0 } as Record<CaseFinding, number>;
  for (const f of concluded) if (f.finding) findings[f.finding] += 1;
  const onTime = concluded.filter((f) => f.onTime).length;
  return {
    key,
    label,
    opened: facts.length,
    concluded: concluded.length,
    onTime: shareOf(onTime, concluded.length, minSample),
    overdue: facts.filter((f) => f.overdue).length,
    medianWorkingDays: median(concluded.map((f) => f.days!)),
    findings,
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
  // Each case with its local dates, kept while no case opened in these months changes (a national year has
  // ~20,000 cases; reading and dating them was most of a country's report).
  const dated = await cachedCaseRows(
    db,
    JSON.stringify([filter.from, filter.to, filter.unitIds ?? null, filter.channel ?? null, withField]),
    { from: filter.from.slice(0, 7), to: filter.to.slice(0, 7) },
    async () =>
      (await casesForReport(db, filter, { withField })).map((row) => ({
        row,
        opened: localDateOf(new Date(row.openedAt)),
        concludedAt: row.concludedAt ? localDateOf(new Date(row.concludedAt)) : null,
      }))
  );
  let last = options.today;
  for (const d of dated) if (d.concludedAt !== null && d.concludedAt > last) last = d.concludedAt;
  const holidays = dated.length === 0 ? new Set<string>() : await holidayDates(db, filter.from, last);
  const workingDays = workingDaysCounter(filter.from, last, holidays);
  const perGroup = grouping.groups.map(() => [] as CaseFacts[]);
  const all: CaseFacts[] = [];
  for (const d of dated) {
    const facts = factsOf(d, options.today, workingDays);
    all.push(facts);
    const index = grouping.route({
      unitId: d.row.unitId,
      deskId: d.row.deskId,
      unitLevel: d.row.unitLevel,
      month: d.opened.slice(0, 7),
      fieldCode: d.row.fieldCode,
    });
    if (index !== undefined) perGroup[index].push(facts);
  }
  return {
    asOf: options.today,
    total: figures("total", options.totalLabel, all, options.minSample),
    groups: grouping.groups.map((g, i) => figures(g.key, g.label, perGroup[i], options.minSample)),
  };
}

function factsOf(
  { row, opened, concludedAt }: { row: CaseReportRow; opened: string; concludedAt: string | null },
  today: string,
  workingDays: (from: string, to: string) => number
): CaseFacts {
  const concludedOn = row.status === "concluded" ? concludedAt : null;
  return {
    concluded: concludedOn !== null,
    onTime: concludedOn !== null && concludedOn <= row.dueOn,
    overdue: concludedOn === null && row.dueOn < today,
    days: concludedOn === null ? null : workingDays(opened, concludedOn),
    finding: concludedOn === null ? null : row.finding,
  };
}
