/**
 * Importing official units from CSV (columns: code, name, level, parent code,
 * valid from, valid to; a header row is optional). A preview lists every row
 * as new, unchanged (already there, identical) or in error with the reasons;
 * applying re-checks the whole file in one transaction and stores all of its
 * new rows or none. Parents may be earlier or later in the file, or already
 * in the database; among several units with the parent's code, the one valid
 * during the row's period is meant. Codes follow the same rules as the Units
 * form (codeProblems in app/domain/units.ts): a code held outside the
 * importer's scope, in any period, is refused.
 */
import { z } from "zod";
import type { DB } from "~db/connection";
import { type Unit, insertUnit, listUnits } from "~db/repositories/units";
import { UNIT_LEVELS, type UnitLevel } from "~db/schema";
import type { AppContext } from "~/context";
import { parseCsv } from "~/utils/csv";
import { isIsoDate } from "~/domain/time";
import {
  LEVEL_RANK,
  allowedParentLevels,
  codeClash,
  codeMatchesLevel,
  codeProblems,
  periodProblems,
  periodsOverlap,
  unitAuditValues,
} from "~/domain/units";
import type { ServerT } from "~/i18n/i18n.server";
import type { Problem } from "~/utils/problems";
import { MANAGERS, type Scope, type Staff, actorOf, requireStaff } from "./access.server";
import { recordAudit } from "~db/repositories/audit";
import { type ActionResult, badIntent, done, failed, readForm } from "./forms.server";
import { previewRows, rowErrors } from "./csv-import.server";

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 20_000;

const LEVEL_WORDS: Record<string, UnitLevel> = {
  province: "province",
  tinh: "province",
  tỉnh: "province",
  district: "district",
  huyen: "district",
  huyện: "district",
  commune: "commune",
  xa: "commune",
  xã: "commune",
};

function parseLevel(cell: string): UnitLevel | null {
  const word = cell
    .trim()
    .normalize("NFC")
    .toLowerCase()
    .replace(/^cấp\s+/, "");
  return LEVEL_WORDS[word] ?? null;
}

/** YYYY-MM-DD or DD/MM/YYYY (as Vietnamese spreadsheets show dates); "" is no date. */
function parseDate(cell: string): string | null | undefined {
  const v = cell.trim();
  if (v === "") return null;
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  const iso = vn ? `${vn[3]}-${vn[2].padStart(2, "0")}-${vn[1].padStart(2, "0")}` : v;
  return isIsoDate(iso) ? iso : undefined;
}

export type RowStatus = "new" | "unchanged" | "error";

export interface PlannedRow {
  line: number;
  cells: string[];
  code: string;
  name: string;
  level: UnitLevel | null;
  parentCode: string;
  validFrom: string | null;
  validTo: string | null;
  status: RowStatus;
  problems: Problem[];
  /** Where the parent is: an existing unit, or another row of the file (its index). */
  parent: { existing: number } | { row: number } | null;
}

export interface ImportPlan {
  rows: PlannedRow[];
  /** Problems with the file as a whole (empty, too many rows). */
  fileProblems: Problem[];
}

const COLUMNS = ["code", "name", "level", "parent_code", "valid_from", "valid_to"] as const;

function readRow(line: number, cells: string[]): PlannedRow {
  const [code = "", name = "", levelCell = "", parentCode = "", from = "", to = ""] = cells.map((c) => c.trim());
  const row: PlannedRow = {
    line,
    cells,
    code,
    name: name.normalize("NFC"),
    level: parseLevel(levelCell),
    parentCode,
    validFrom: null,
    validTo: null,
    status: "new",
    problems: [],
    parent: null,
  };
  const problem = (field: string, code: string, params?: Problem["params"]) =>
    row.problems.push({ field, code, ...(params ? { params } : {}) });
  if (cells.length < 4 || cells.length > COLUMNS.length) {
    problem("", "csv_columns", { expected: COLUMNS.length, actual: cells.length });
    return row;
  }
  if (!row.level) problem("level", "invalid_option", { options: UNIT_LEVELS.join(", ") });
  if (code === "") problem("code", "required");
  else if (row.level && !codeMatchesLevel(code, row.level)) problem("code", "unit_code_format", { level: row.level });
  if (row.name === "") problem("name", "required");
  else if (row.name.length > 200) problem("name", "too_long", { max: 200 });
  const validFrom = parseDate(from);
  const validTo = parseDate(to);
  if (validFrom === undefined) problem("valid_from", "invalid_date");
  if (validTo === undefined) problem("valid_to", "invalid_date");
  row.validFrom = validFrom ?? null;
  row.validTo = validTo ?? null;
  row.problems.push(...periodProblems(row));
  if (row.level === "province" && parentCode !== "") problem("parent_code", "province_has_no_parent");
  if (row.level && row.level !== "province" && parentCode === "") {
    problem("parent_code", "parent_required", { level: row.level });
  }
  return row;
}

/** Whether a stored unit is exactly what a row says: name, level, parent and period. */
function isStoredAs(unit: Unit, row: PlannedRow, byId: ReadonlyMap<number, Unit>): boolean {
  const parentCode = unit.parentId === null ? "" : (byId.get(unit.parentId)?.code ?? "");
  return (
    unit.name === row.name &&
    unit.level === row.level &&
    parentCode === row.parentCode &&
    unit.validFrom === row.validFrom &&
    unit.validTo === row.validTo
  );
}

/**
 * Checks a file against the units already stored, for a user with `scope`.
 * Pure apart from its inputs: the same file and units give the same plan.
 */
export function planImport(text: string, existing: readonly Unit[], scope: Scope): ImportPlan {
  let parsed = parseCsv(text);
  if (parsed.length > 0 && !/^\d+$/.test((parsed[0].cells[0] ?? "").trim())) parsed = parsed.slice(1);
  if (parsed.length === 0) return { rows: [], fileProblems: [{ field: "csv", code: "csv_empty" }] };
  if (parsed.length > MAX_IMPORT_ROWS) {
    return { rows: [], fileProblems: [{ field: "csv", code: "csv_too_many_rows", params: { max: MAX_IMPORT_ROWS } }] };
  }
  const rows = parsed.map((r) => readRow(r.line, r.cells));
  const byId = new Map(existing.map((u) => [u.id, u]));

  // The same code twice in the file with overlapping periods.
  const seen = new Map<string, PlannedRow[]>();
  for (const row of rows) {
    if (row.problems.length > 0) continue;
    const earlier = (seen.get(row.code) ?? []).find((o) => periodsOverlap(o, row));
    if (earlier) row.problems.push({ field: "code", code: "duplicate_in_file", params: { line: earlier.line } });
    seen.set(row.code, [...(seen.get(row.code) ?? []), row]);
  }

  // Already stored: identical rows in scope are left alone; otherwise the code's rules (domain/units.ts) speak.
  for (const row of rows) {
    if (row.problems.length > 0) continue;
    const clash = codeClash(row, existing);
    if (clash && scope.has(clash.id) && isStoredAs(clash, row, byId)) row.status = "unchanged";
    else row.problems.push(...codeProblems(row, existing, scope.has));
  }

  // Parents, level by level, so a parent row's outcome is known before its children's.
  const order = rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => LEVEL_RANK[a.row.level ?? "commune"] - LEVEL_RANK[b.row.level ?? "commune"]);
  for (const { row } of order) {
    if (row.problems.length > 0 || row.status === "unchanged" || !row.level) continue;
    if (row.level === "province") {
      if (!scope.all) row.problems.push({ field: "parent_code", code: "outside_scope" });
      continue;
    }
    // Rows of a higher level are settled already: only a row without problems can be a parent.
    const inFile = rows
      .map((r, index) => ({ r, index }))
      .filter(({ r }) => r !== row && r.code === row.parentCode && r.status === "new" && periodsOverlap(r, row));
    const good = inFile.filter(({ r }) => r.problems.length === 0);
    const stored = existing.filter((u) => u.code === row.parentCode && periodsOverlap(u, row) && scope.has(u.id));
    const candidates = good.length + stored.length;
    if (candidates === 0) {
      const broken = inFile[0]?.r;
      row.problems.push(
        broken
          ? { field: "parent_code", code: "parent_row_invalid", params: { line: broken.line } }
          : { field: "parent_code", code: "parent_code_not_found", params: { code: row.parentCode } }
      );
      continue;
    }
    if (candidates > 1) {
      row.problems.push({ field: "parent_code", code: "parent_ambiguous", params: { code: row.parentCode } });
      continue;
    }
    const parentLevel = good.length === 1 ? good[0].r.level! : stored[0].level;
    if (!allowedParentLevels(row.level).includes(parentLevel)) {
      row.problems.push({ field: "parent_code", code: "parent_level", params: { level: row.level, parentLevel } });
      continue;
    }
    row.parent = good.length === 1 ? { row: good[0].index } : { existing: stored[0].id };
  }
  for (const row of rows) if (row.problems.length > 0) row.status = "error";
  return { rows, fileProblems: [] };
}

export interface ImportRowView extends Pick<
  PlannedRow,
  "line" | "code" | "name" | "level" | "parentCode" | "validFrom" | "validTo" | "status"
> {
  errors: string[];
}

export interface ImportPreview {
  counts: Record<RowStatus, number>;
  /** Rows in error, then the first others. */
  rows: ImportRowView[];
  hidden: number;
}

function preview(plan: ImportPlan, t: ServerT): ImportPreview {
  return previewRows(plan.rows, (row) => ({
    line: row.line,
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parentCode,
    validFrom: row.validFrom,
    validTo: row.validTo,
    status: row.status,
    errors: rowErrors(row.problems, t, "admin:import"),
  }));
}

/** Stores every new row of a plan without errors; returns how many units were created. */
async function applyPlan(trx: DB, staff: Staff, now: Date, plan: ImportPlan): Promise<number> {
  const ids = new Map<number, number>();
  const order = plan.rows
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => row.status === "new")
    .sort((a, b) => LEVEL_RANK[a.row.level!] - LEVEL_RANK[b.row.level!]);
  for (const { row, index } of order) {
    const parentId =
      row.parent === null ? null : "existing" in row.parent ? row.parent.existing : ids.get(row.parent.row)!;
    const unit = await insertUnit(trx, {
      code: row.code,
      name: row.name,
      level: row.level!,
      parentId: parentId,
      validFrom: row.validFrom,
      validTo: row.validTo,
      createdAt: now.toISOString(),
    });
    ids.set(index, unit.id);
    await recordAudit(trx, actorOf(staff), now, {
      action: "import",
      entity: "unit",
      entityId: unit.id,
      unitId: unit.id,
      after: unitAuditValues(unit, row.parentCode === "" ? null : { code: row.parentCode }),
    });
  }
  return order.length;
}

export type ImportOutcome = { applied: true; created: number } | { applied: false; plan: ImportPlan };

/** All or nothing: re-plans inside the transaction and stores only when no row is in error. */
export async function importUnits(db: DB, staff: Staff, now: Date, text: string): Promise<ImportOutcome> {
  return db.transaction().execute(async (trx) => {
    const plan = planImport(text, await listUnits(trx), staff.scope);
    if (plan.fileProblems.length > 0 || plan.rows.some((r) => r.status === "error")) return { applied: false, plan };
    return { applied: true, created: await applyPlan(trx, staff, now, plan) };
  });
}

export async function loadImport(app: AppContext, request: Request) {
  await requireStaff(app, request, MANAGERS);
  return { maxRows: MAX_IMPORT_ROWS };
}

/** The CSV text from an uploaded file, else from the pasted text. */
async function csvText(values: Record<string, string>, files: Map<string, File>): Promise<string> {
  const file = files.get("file");
  if (file && file.size > 0) return new TextDecoder("utf-8").decode(await file.arrayBuffer());
  return values.csv ?? "";
}

export async function importAction(
  app: AppContext,
  request: Request
): Promise<ActionResult<{ preview?: ImportPreview; csv?: string; pasted?: string }>> {
  const staff = await requireStaff(app, request, MANAGERS);
  const { intent, values, files } = await readForm(request, MAX_IMPORT_BYTES + 64 * 1024);
  const text = await csvText(values, files);
  const pasted = values.csv ?? "";
  if (intent !== "preview" && intent !== "apply") return badIntent(staff.t);
  const parsed = z.string().max(MAX_IMPORT_BYTES).safeParse(text);
  if (!parsed.success)
    return failed("import", [{ field: "csv", code: "too_long", params: { max: MAX_IMPORT_BYTES } }], {}, staff.t);
  if (intent === "apply") {
    const outcome = await importUnits(app.db, staff, app.now(), text);
    if (outcome.applied) done("/admin/units", "units_imported", outcome.created);
    return planResult(outcome.plan, text, pasted, staff.t, 400);
  }
  return planResult(planImport(text, await listUnits(app.db), staff.scope), text, pasted, staff.t, 200);
}

/** `csv`, the text checked, goes to the apply form; only `pasted`, what the paste box held, goes back into it. */
function planResult(plan: ImportPlan, csv: string, pasted: string, t: ServerT, status: number) {
  if (plan.fileProblems.length > 0) return failed("import", plan.fileProblems, { csv: pasted }, t);
  return { status, body: { preview: preview(plan, t), csv, pasted } };
}
