/**
 * The per-dossier section of the report (issue 17; ADR 053): what the
 * province is judged on per dossier, beside the citizens' own answers and
 * never mixed with them. All terms count the dossiers **returned** in the
 * period (the cohort of Decision 766), except `received`:
 *
 * - on time / late per the one-stop system (returned ≤ due);
 * - evaluated: with a counted evaluation (kiosk or phone), and its rate;
 * - rated «Không hài lòng»: the counted evaluation's rating;
 * - with a complaint: a harassment case opened on a response about it;
 * - Decision 766's per-dossier ratio (returned − dissatisfied − with a
 *   complaint − late) / returned, where a dossier with several of the three
 *   is taken away once (`flagged`), so the ratio never goes below 0.
 *
 * Pure: types, rates and the JSON; the query is dossier-section.server.ts.
 */
import type { DossierReportCounts } from "~db/repositories/dossiers";
import { type Rate, shareOf } from "~/domain/rates";

export interface DossierSection extends DossierReportCounts {
  onTimeRate: Rate;
  evaluationRate: Rate;
  dissatisfiedRate: Rate;
  complaintRate: Rate;
  lateRate: Rate;
  /** (returned − flagged) / returned. */
  decision766: Rate;
}

export function dossierSection(counts: DossierReportCounts, minSample: number): DossierSection {
  const share = (k: number) => shareOf(k, counts.returned, minSample);
  return {
    ...counts,
    onTimeRate: share(counts.onTime),
    evaluationRate: share(counts.evaluated),
    dissatisfiedRate: share(counts.dissatisfied),
    complaintRate: share(counts.withComplaint),
    lateRate: share(counts.late),
    decision766: share(counts.returned - counts.flagged),
  };
}

/** A share as the JSON report carries it. */
export interface DossierShareJson {
  count: number;
  denominator: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

export interface DossierSectionJson {
  received: number;
  returned: number;
  onTime: DossierShareJson;
  late: DossierShareJson;
  evaluated: DossierShareJson;
  dissatisfied: DossierShareJson;
  withComplaint: DossierShareJson;
  /** Returned dossiers with at least one of dissatisfied, complaint, late (each once). */
  flagged: number;
  decision766: DossierShareJson;
}

function shareJson(rate: Rate): DossierShareJson {
  return { count: rate.count, denominator: rate.denominator, rate: rate.rate, low: rate.low, high: rate.high };
}

export function dossierSectionJson(s: DossierSection): DossierSectionJson {
  return {
    received: s.received,
    returned: s.returned,
    onTime: shareJson(s.onTimeRate),
    late: shareJson(s.lateRate),
    evaluated: shareJson(s.evaluationRate),
    dissatisfied: shareJson(s.dissatisfiedRate),
    withComplaint: shareJson(s.complaintRate),
    flagged: s.flagged,
    decision766: shareJson(s.decision766),
  };
}

/** The section's rows, in the order every renderer prints them: label key and its share (null: a bare count). */
export function dossierRows(s: DossierSection): { key: string; count: number; share: Rate | null }[] {
  return [
    { key: "received", count: s.received, share: null },
    { key: "returned", count: s.returned, share: null },
    { key: "on_time", count: s.onTime, share: s.onTimeRate },
    { key: "late", count: s.late, share: s.lateRate },
    { key: "evaluated", count: s.evaluated, share: s.evaluationRate },
    { key: "dissatisfied", count: s.dissatisfied, share: s.dissatisfiedRate },
    { key: "with_complaint", count: s.withComplaint, share: s.complaintRate },
    { key: "decision766", count: s.returned - s.flagged, share: s.decision766 },
  ];
}
