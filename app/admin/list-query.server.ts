/**
 * The list pages' shared server side (issue 18, ADR 058): the filter lives in
 * the URL (`q`, `unit`, `unitq`, `sort`, `dir`, `size`, `page` and each list's
 * own), so a link can be shared; a value the page does not offer is a 400.
 * The unit picker searches units by code or name within the user's scope:
 * one match is taken, several are offered as links, none is said so. The
 * same filter gives every row as CSV (`listCsv`), streamed page by page.
 */
import { z } from "zod";
import type { Page, PageRequest, SortDirection } from "~db/repositories/list-pages";
import { listOpenUnits, searchUnits } from "~db/repositories/list-pages";
import { findUnitById, listRootUnits, subtreeUnitIds } from "~db/repositories/units";
import type { Unit } from "~db/repositories/units";
import type { UnitLevel } from "~db/schema";
import type { AppContext } from "~/context";
import { isIsoDate, localDateOf } from "~/domain/time";
import { writeCsv } from "~/utils/csv";
import { type Staff, notFound } from "./access.server";

export const PAGE_SIZES = [25, 50, 100, 200] as const;
/**
 * The page sizes of the lists whose rows are heavy — a tablet's status and its
 * two actions, an audit entry's values before and after, a suspect response's
 * rating, reasons and comment with its checkbox: 200 of them would not fit in
 * the 200 KB a page may weigh at national size (ADR 058).
 */
export const HEAVY_PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;
/** Units the picker offers for a search that matches several. */
export const UNIT_CHOICES = 20;
/** A create form's unit or desk select never offers more than this many options. */
export const FORM_OPTIONS_MAX = 300;
/** Rows fetched at a time while streaming a CSV download. */
const CSV_CHUNK = 1000;

export interface ListParams<S extends string> extends PageRequest<S> {
  size: number;
  /** The page sizes the list offers. */
  sizes: readonly number[];
  q: string;
  /** The chosen unit's id (its subtree filters the list). */
  unit: number | null;
  /** What was typed in the unit picker. */
  unitq: string;
}

function badRequest(): never {
  throw new Response(null, { status: 400 });
}

const text = z
  .string()
  .max(100)
  .transform((v) => v.trim());
const optionalId = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);

/**
 * The common parameters, or 400; `sorts[0]` is the default sort, ascending
 * unless `options.dir` says otherwise; `options.sizes`: the page sizes the
 * list offers when not all of PAGE_SIZES.
 */
export function parseListParams<S extends string>(
  url: URL,
  sorts: readonly [S, ...S[]],
  options: { dir?: SortDirection; sizes?: readonly number[] } = {}
): ListParams<S> {
  const p = url.searchParams;
  const sizes = options.sizes ?? PAGE_SIZES;
  const schema = z.object({
    q: text.default(""),
    unit: z.union([z.literal("").transform(() => null), optionalId]).default(null),
    unitq: text.default(""),
    sort: z.enum(sorts).default(sorts[0]),
    dir: z.enum(["asc", "desc"]).default(options.dir ?? "asc"),
    size: z
      .string()
      .regex(/^\d{1,3}$/)
      .transform(Number)
      .refine((n) => sizes.includes(n))
      .default(DEFAULT_PAGE_SIZE),
    page: z
      .string()
      .regex(/^\d{1,6}$/)
      .transform(Number)
      .refine((n) => n >= 1)
      .default(1),
  });
  const pick = (name: string) => {
    const v = p.get(name);
    return v === null ? undefined : v;
  };
  const parsed = schema.safeParse({
    q: pick("q"),
    unit: pick("unit"),
    unitq: pick("unitq"),
    sort: pick("sort") || undefined,
    dir: pick("dir") || undefined,
    size: pick("size") || undefined,
    page: pick("page") || undefined,
  });
  if (!parsed.success) badRequest();
  return { ...(parsed.data as Omit<ListParams<S>, "sizes">), sizes };
}

/** A date parameter (YYYY-MM-DD, a real day): empty or absent for none, else 400. */
export function parseDate(url: URL, name: string): string | undefined {
  const v = url.searchParams.get(name);
  if (v === null || v === "") return undefined;
  if (!isIsoDate(v)) badRequest();
  return v;
}

/** A list's own choice parameter (a state, a role, a level): one of `values`, empty or absent for all, else 400. */
export function parseChoice<T extends string>(url: URL, name: string, values: readonly T[]): T | undefined {
  const v = url.searchParams.get(name);
  if (v === null || v === "") return undefined;
  if (!values.includes(v as T)) badRequest();
  return v as T;
}

export interface UnitChoice {
  id: number;
  code: string;
  name: string;
  level: UnitLevel;
}

/** What the unit picker shows: the unit in force, or the units a search matched, or that none did. */
export interface UnitPicker {
  chosen: UnitChoice | null;
  choices: UnitChoice[];
  /** The search matched more units than offered. */
  moreChoices: boolean;
  noMatch: boolean;
  text: string;
}

const choice = (u: Pick<Unit, "id" | "code" | "name" | "level">): UnitChoice => ({
  id: u.id,
  code: u.code,
  name: u.name,
  level: u.level,
});

/** The label the picker's text field shows for a chosen unit; typing it again keeps the unit. */
export const unitLabel = (u: { code: string; name: string }) => `${u.code} · ${u.name}`;

/**
 * The units a list shows (the chosen unit's subtree, else the scope) and the
 * picker's state. A chosen unit outside the scope is a 404, as its page would be.
 */
export async function unitFilter(
  app: AppContext,
  staff: Staff,
  params: Pick<ListParams<string>, "unit" | "unitq">
): Promise<{ unitIds: number[] | undefined; picker: UnitPicker }> {
  const picker: UnitPicker = { chosen: null, choices: [], moreChoices: false, noMatch: false, text: params.unitq };
  let unitId = params.unit;
  if (unitId !== null) {
    const unit = await findUnitById(app.db, unitId);
    if (!unit || !staff.scope.has(unit.id)) notFound();
    // Text typed over the chosen unit's label is a new search.
    if (params.unitq === "" || params.unitq === unitLabel(unit)) picker.chosen = choice(unit);
    else unitId = null;
  }
  if (!picker.chosen && params.unitq !== "") {
    const found = await searchUnits(app.db, {
      unitIds: staff.scope.unitIds,
      q: params.unitq,
      today: localDateOf(app.now()),
      limit: UNIT_CHOICES + 1,
    });
    if (found.length === 1) picker.chosen = choice(found[0]);
    else if (found.length === 0) picker.noMatch = true;
    else {
      picker.choices = found.slice(0, UNIT_CHOICES).map(choice);
      picker.moreChoices = found.length > UNIT_CHOICES;
    }
  }
  if (picker.chosen) picker.text = unitLabel(picker.chosen);
  const unitIds = picker.chosen ? await subtreeUnitIds(app.db, picker.chosen.id) : staff.scope.unitIds;
  return { unitIds, picker };
}

/** What the page needs to draw its controls and pager. */
export interface ListView<S extends string> {
  q: string;
  sort: S;
  dir: SortDirection;
  size: number;
  page: number;
  total: number;
  pages: number;
  sorts: readonly S[];
  sizes: readonly number[];
}

export function listView<S extends string>(
  params: ListParams<S>,
  sorts: readonly S[],
  page: Page<unknown>
): ListView<S> {
  return {
    q: params.q,
    sort: params.sort,
    dir: params.dir,
    size: params.size,
    page: params.page,
    total: page.total,
    pages: Math.max(1, Math.ceil(page.total / params.size)),
    sorts,
    sizes: params.sizes,
  };
}

/** Units as a select's options ("99101 · Phường Bắc Sơn"): only what the select shows, as the page carries it. */
export function unitOptions(units: readonly { id: number; code: string; name: string }[]) {
  return units.map((u) => ({ value: u.id, label: unitLabel(u) }));
}

/**
 * The open units a create form offers: those of the chosen unit's subtree, else
 * of the scope; when more than FORM_OPTIONS_MAX, only the chosen unit (or the
 * scope's top units) and the units right below it, and `narrowed` says so.
 */
export async function formUnits(
  app: AppContext,
  staff: Staff,
  chosen: UnitChoice | null
): Promise<{ units: UnitChoice[]; narrowed: boolean }> {
  const today = localDateOf(app.now());
  const unitIds = chosen ? await subtreeUnitIds(app.db, chosen.id) : staff.scope.unitIds;
  const open = await listOpenUnits(app.db, { unitIds, today, limit: FORM_OPTIONS_MAX + 1 });
  if (open.length <= FORM_OPTIONS_MAX) return { units: open, narrowed: false };
  // The top of the choice: the chosen unit, else the user's own unit, else the provinces.
  const near = chosen
    ? [chosen.id]
    : staff.user.unitId !== null
      ? [staff.user.unitId]
      : (await listRootUnits(app.db)).map((u) => u.id);
  const units = await listOpenUnits(app.db, { unitIds, near, today, limit: FORM_OPTIONS_MAX });
  return { units, narrowed: true };
}

/**
 * Every row of a filtered list as a CSV download (app/utils/csv.ts: UTF-8 with
 * a BOM, formula-safe cells), fetched CSV_CHUNK rows at a time and streamed.
 */
export function listCsv<S extends string, T>(
  filename: string,
  header: readonly string[],
  params: ListParams<S>,
  fetchPage: (req: PageRequest<S>) => Promise<Page<T>>,
  toCells: (row: T) => readonly (string | number | null)[]
): Response {
  const encoder = new TextEncoder();
  let page = 0;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(writeCsv([header])));
    },
    async pull(controller) {
      page += 1;
      const { rows } = await fetchPage({ sort: params.sort, dir: params.dir, page, size: CSV_CHUNK });
      // writeCsv starts every document with a byte order mark; only the header carries it.
      if (rows.length > 0) controller.enqueue(encoder.encode(writeCsv(rows.map(toCells)).slice(1)));
      if (rows.length < CSV_CHUNK) controller.close();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
