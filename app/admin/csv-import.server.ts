/**
 * What the bulk imports of desks, tablets and users share (ADR 059), with the
 * discipline of the unit import (app/admin/unit-import.server.ts): the CSV is
 * read as spreadsheets write it (UTF-8 with or without BOM, comma or
 * semicolon, a header row optional), every row is checked with zod and
 * against the database, a preview lists each row as new, unchanged or in
 * error with translated reasons, and applying re-plans the whole file inside
 * one transaction and stores all of its new rows or none.
 */
import { z } from "zod";
import type { ServerT } from "~/i18n/i18n.server";
import { type CsvRow, parseCsv } from "~/utils/csv";
import { type Problem, problemMessage, validate } from "~/utils/problems";
import { type ActionResult, failed, readForm } from "./forms.server";

export const MAX_BULK_IMPORT_BYTES = 2 * 1024 * 1024;
/** Rows shown in a preview besides those in error. */
const PREVIEW_ROWS = 200;

export type RowStatus = "new" | "unchanged" | "error";

export interface PlannedRow<T> {
  line: number;
  /** The row's cells by column name, trimmed. */
  values: Record<string, string>;
  status: RowStatus;
  problems: Problem[];
  /** What the row stores once parsed (set for rows without problems). */
  data?: T;
}

export interface ImportPlan<T> {
  rows: PlannedRow<T>[];
  /** Problems with the file as a whole (empty, too many rows). */
  fileProblems: Problem[];
}

/**
 * The rows of a file as named cells, checked with `schema` one by one; a
 * first row whose `headerColumn` cell is a column title (it fails `looksLikeData`) is skipped.
 */
export function readRows<S extends z.ZodType>(
  text: string,
  columns: readonly string[],
  required: number,
  maxRows: number,
  looksLikeData: (cells: string[]) => boolean,
  schema: S
): ImportPlan<z.output<S>> {
  let parsed: CsvRow[] = parseCsv(text);
  if (parsed.length > 0 && !looksLikeData(parsed[0].cells.map((c) => c.trim()))) parsed = parsed.slice(1);
  if (parsed.length === 0) return { rows: [], fileProblems: [{ field: "csv", code: "csv_empty" }] };
  if (parsed.length > maxRows) {
    return { rows: [], fileProblems: [{ field: "csv", code: "csv_too_many_rows", params: { max: maxRows } }] };
  }
  const rows = parsed.map(({ line, cells }): PlannedRow<z.output<S>> => {
    const values = Object.fromEntries(columns.map((c, i) => [c, (cells[i] ?? "").trim().normalize("NFC")]));
    const row: PlannedRow<z.output<S>> = { line, values, status: "new", problems: [] };
    if (cells.length < required || cells.length > columns.length) {
      row.problems.push({ field: "", code: "csv_columns", params: { expected: columns.length, actual: cells.length } });
      return row;
    }
    const checked = validate(schema, values);
    if (checked.ok) row.data = checked.data;
    else row.problems.push(...checked.problems);
    return row;
  });
  return { rows, fileProblems: [] };
}

/** Marks the second and later rows with the same key (rows without problems only). */
export function markDuplicates<T>(rows: PlannedRow<T>[], field: string, key: (row: PlannedRow<T>) => string): void {
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (row.problems.length > 0) continue;
    const k = key(row);
    const earlier = seen.get(k);
    if (earlier !== undefined) row.problems.push({ field, code: "repeated_in_file", params: { line: earlier } });
    else seen.set(k, row.line);
  }
}

/** Rows with problems are errors; a plan applies only without any. */
export function settle<T>(plan: ImportPlan<T>): ImportPlan<T> {
  for (const row of plan.rows) if (row.problems.length > 0) row.status = "error";
  return plan;
}

export function hasErrors<T>(plan: ImportPlan<T>): boolean {
  return plan.fileProblems.length > 0 || plan.rows.some((r) => r.status === "error");
}

export interface PreviewRow {
  line: number;
  values: Record<string, string>;
  status: RowStatus;
  errors: string[];
}

export interface BulkPreview {
  counts: Record<RowStatus, number>;
  /** Rows in error, then the first others. */
  rows: PreviewRow[];
  hidden: number;
}

/** The preview a page shows: counts, the rows in error with translated reasons, then the first others. */
export function previewOf<T>(plan: ImportPlan<T>, t: ServerT): BulkPreview {
  return previewRows(plan.rows, (row) => ({
    line: row.line,
    values: row.values,
    status: row.status,
    errors: rowErrors(row.problems, t, "admin:bulk_import"),
  }));
}

/**
 * A plan's rows as a preview holds them: the counts by status, then the rows
 * in error and the first others, each as `view` shows it; `hidden`, the
 * others left out.
 */
export function previewRows<R extends { status: RowStatus }, V>(
  rows: readonly R[],
  view: (row: R) => V
): { counts: Record<RowStatus, number>; rows: V[]; hidden: number } {
  const counts: Record<RowStatus, number> = { new: 0, unchanged: 0, error: 0 };
  for (const row of rows) counts[row.status]++;
  const errors = rows.filter((r) => r.status === "error");
  const others = rows.filter((r) => r.status !== "error");
  const shown = others.slice(0, PREVIEW_ROWS);
  return { counts, rows: [...errors, ...shown].map(view), hidden: others.length - shown.length };
}

/** A row's problems as sentences, a column's problem under the column's name from `keys` (the page's translations). */
export function rowErrors(
  problems: readonly Problem[],
  t: ServerT,
  keys: "admin:import" | "admin:bulk_import"
): string[] {
  return problems.map((p) =>
    p.field
      ? t(`${keys}.column_problem`, {
          column: t(`${keys}.columns.${p.field}`),
          problem: problemMessage(p, t),
        })
      : problemMessage(p, t)
  );
}

/**
 * The posted CSV (`text`): an uploaded file, else the pasted text; what was
 * typed in the paste box (`pasted`), the only text the page puts back there;
 * the intent; the other fields.
 */
export async function readImportForm(request: Request) {
  const { intent, values, files } = await readForm(request, MAX_BULK_IMPORT_BYTES + 64 * 1024);
  const file = files.get("file");
  const pasted = values.csv ?? "";
  const text = file && file.size > 0 ? new TextDecoder("utf-8").decode(await file.arrayBuffer()) : pasted;
  return { intent, values, text, pasted };
}

export const csvTextSchema = z.string().max(MAX_BULK_IMPORT_BYTES);

export interface PreviewBody {
  preview?: BulkPreview;
  /** The text checked, which the apply form sends back. */
  csv?: string;
  /** What the paste box held: an uploaded file's text is never put there, so a file picked next is what gets checked. */
  pasted?: string;
}
export type PreviewResult = ActionResult<PreviewBody>;

/**
 * A plan as the page shows it: its preview (200, or 400 when an apply was
 * refused), or the file's problems; `pasted` is what the paste box held.
 */
export function planResult<T>(
  plan: ImportPlan<T>,
  csv: string,
  t: ServerT,
  status: number,
  pasted = ""
): PreviewResult {
  if (plan.fileProblems.length > 0) return failed("import", plan.fileProblems, { csv: pasted }, t);
  return { status, body: { preview: previewOf(plan, t), csv, pasted } };
}

export function tooLong(t: ServerT): PreviewResult {
  return failed("import", [{ field: "csv", code: "too_long", params: { max: MAX_BULK_IMPORT_BYTES } }], {}, t);
}

/** Open (not ended) units in scope by code, for rows that name their unit. */
export function unitsByCode<U extends { id: number; code: string }>(units: readonly U[]): Map<string, U> {
  return new Map(units.map((u) => [u.code, u]));
}
