/**
 * What a report request asks for — period, unit, grouping, format — parsed
 * the same way for the dashboard, the downloads, the JSON API and the CLI, and
 * resolved against the requester's scope. Bad input becomes problems (a
 * translated 400), a unit outside the scope a 403; never a 500 or an empty file.
 */
import { z } from "zod";
import type { CurrentUser } from "~/auth/session.server";
import { scopeUnitIds } from "~/auth/authorize.server";
import type { AppContext } from "~/context";
import {
  MAX_RANGE_YEARS,
  type Period,
  describePeriod,
  monthPeriod,
  parsePeriodCode,
  rangeProblem,
} from "~/domain/periods";
import type { Targets } from "~/domain/rates";
import type { ResponseChannel } from "~db/schema";
import { isIsoDate, localDateOf } from "~/domain/time";
import { type Problem, validate } from "~/utils/problems";
import { targetsFor } from "./rates-report.server";
import { REPORT_BYS, type ReportBy } from "./report-model";
import { choicesOf, signingSchema } from "./signing.server";
import type { DocumentOptions } from "./signing";
import { type ReportScope, ScopeError, resolveScope } from "./scope.server";

export const REPORT_FORMATS = ["json", "csv", "xlsx", "pdf", "docx"] as const;
export const REPORT_CHANNELS = ["all", "kiosk", "phone"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const date = z.string().refine(isIsoDate, { params: { code: "invalid_date" } });

const querySchema = z.object({
  from: date.optional(),
  to: date.optional(),
  period: z.string().max(20).optional(),
  unit: z
    .string()
    .trim()
    .regex(/^[\w.*-]{1,40}$/)
    .optional(),
  by: z.enum(REPORT_BYS).optional(),
  format: z.enum(REPORT_FORMATS).optional(),
  // Where citizens answered (ADR 055): the tablets, their phones, or all (the default).
  channel: z.enum(REPORT_CHANNELS).optional(),
  // The signable document's own fields (PDF, DOCX): ignored by the other formats.
  issued: date.optional(),
  number: z
    .string()
    .trim()
    .max(40)
    .refine((v) => /^[\p{L}\d./-]+$/u.test(v), { params: { code: "invalid_document_number" } })
    .optional(),
  ...signingSchema.shape,
});

export interface ReportQuery {
  period: Period;
  unitCode: string | null;
  by: ReportBy;
  format: ReportFormat | null;
  /** Only responses given there; null: every channel. */
  channel: ResponseChannel | null;
  /** Number, date and signing of the printed report. */
  document: DocumentOptions;
}

/** URL search parameters (or CLI options) as a plain object; empty values count as absent. */
export function paramsOf(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) if (value.trim() !== "" && !(key in out)) out[key] = value;
  return out;
}

/**
 * Parses a report request. The period is `from`+`to`, or a `period` code
 * ("2026-11", "2026-Q4", "2026-H2", "2026"), or by default the current month.
 */
export function parseReportQuery(
  input: Record<string, unknown>,
  today: string,
  defaults: { by?: ReportBy } = {}
): { ok: true; query: ReportQuery } | { ok: false; problems: Problem[] } {
  const parsed = validate(querySchema, input);
  const problems: Problem[] = parsed.ok ? [] : [...parsed.problems];
  const bad = new Set(problems.map((p) => p.field));
  const text = (key: string) => (typeof input[key] === "string" && !bad.has(key) ? (input[key] as string) : undefined);
  const [from, to, code] = [text("from"), text("to"), text("period")];
  // The period is checked even when other fields are wrong, so every problem is reported at once.
  let period: Period | null = null;
  if (input.from !== undefined || input.to !== undefined) {
    if (input.from === undefined) problems.push({ field: "from", code: "required" });
    if (input.to === undefined) problems.push({ field: "to", code: "required" });
    if (from !== undefined && to !== undefined) {
      const problem = rangeProblem(from, to);
      if (problem === "from_after_to") problems.push({ field: "from", code: problem });
      else if (problem === "range_too_long")
        problems.push({ field: "to", code: problem, params: { years: MAX_RANGE_YEARS } });
      else period = describePeriod(from, to);
    }
  } else if (input.period !== undefined) {
    period = code === undefined ? null : parsePeriodCode(code.trim());
    if (!period && code !== undefined) problems.push({ field: "period", code: "invalid_period" });
  } else {
    period = monthPeriod(Number(today.slice(0, 4)), Number(today.slice(5, 7)));
  }
  // The field grains have no channel: one channel's report groups by level, unit or month (ADR 055).
  const oneChannel = parsed.ok && parsed.data.channel !== undefined && parsed.data.channel !== "all";
  if (oneChannel && parsed.data.by === "field") problems.push({ field: "channel", code: "channel_not_by_field" });
  // Nor have the officers' sums: a one-channel table by officer would count every channel.
  if (oneChannel && parsed.data.by === "officer") problems.push({ field: "channel", code: "channel_not_by_officer" });
  // The signed report (XLSX, PDF, DOCX) is the scope's whole report: every channel.
  if (oneChannel && parsed.data.format && !["json", "csv"].includes(parsed.data.format))
    problems.push({ field: "channel", code: "channel_not_in_document" });
  if (!parsed.ok || problems.length > 0 || !period) return { ok: false, problems };
  const { unit, by, format, issued, number, channel, ...signing } = parsed.data;
  return {
    ok: true,
    query: {
      period,
      unitCode: unit ?? null,
      by: by ?? defaults.by ?? "unit",
      format: format ?? null,
      channel: channel === undefined || channel === "all" ? null : channel,
      document: { issued: issued ?? null, number: number ?? null, signing: choicesOf(signing) },
    },
  };
}

export type PreparedReport =
  | { ok: true; query: ReportQuery; scope: ReportScope; targets: Targets }
  | { ok: false; status: 400 | 403; problems: Problem[] };

/**
 * A parsed request resolved against the requester's scope: `user` null is the
 * trusted CLI (everything). An unknown unit is a 400 problem on `unit`; a unit
 * outside the user's scope is a 403.
 */
export async function prepareReport(
  app: AppContext,
  user: CurrentUser | null,
  input: Record<string, unknown>,
  defaults: { by?: ReportBy } = {}
): Promise<PreparedReport> {
  const today = localDateOf(app.now());
  const parsed = parseReportQuery(input, today, defaults);
  if (!parsed.ok) return { ok: false, status: 400, problems: parsed.problems };
  const { query } = parsed;
  // Results per officer are for managers and administrators only (issue 17, ADR 056).
  if (query.by === "officer" && user && user.role === "viewer")
    return { ok: false, status: 403, problems: [{ field: "by", code: "officer_report_forbidden" }] };
  const viewer = user
    ? { allowed: await scopeUnitIds(app, user), unitId: user.unitId }
    : { allowed: undefined, unitId: null };
  try {
    const scope = await resolveScope(app.db, viewer, query.unitCode);
    return { ok: true, query, scope, targets: await targetsFor(app.db, query.period.to) };
  } catch (error) {
    if (!(error instanceof ScopeError)) throw error;
    if (error.reason === "forbidden")
      return { ok: false, status: 403, problems: [{ field: "unit", code: "unit_forbidden" }] };
    return {
      ok: false,
      status: 400,
      problems: [{ field: "unit", code: "unknown_unit", params: { code: error.code } }],
    };
  }
}
