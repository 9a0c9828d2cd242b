/**
 * The server half of the administration forms: read the posted fields, check
 * them with zod, run the work, and turn every problem (from zod or from the
 * work itself) into a 400 with translated messages next to the fields and
 * what the user typed. Success redirects (post/redirect/get) with a notice.
 */
import { redirect } from "@remix-run/node";
import type { z } from "zod";
import type { ServerT } from "~/i18n/i18n.server";
import { ADMIN_FORM_BYTES, readFormData } from "~/utils/body.server";
import { type Problem, fieldErrors, validate } from "~/utils/problems";
import type { FormFailure, Notice } from "./form-state";

/**
 * A problem found while doing the work (duplicate code, wrong parent…):
 * reported like a validation problem, with 400 or the status given (429 for
 * "too many attempts, wait").
 */
export class FormProblems extends Error {
  constructor(
    readonly problems: Problem[],
    readonly status = 400
  ) {
    super(problems.map((p) => `${p.field}: ${p.code}`).join("; "));
  }
}

export function reject(field: string, code: string, params?: Problem["params"], status?: number): never {
  throw new FormProblems([{ field, code, ...(params ? { params } : {}) }], status);
}

export function rejectAll(problems: Problem[]): void {
  if (problems.length > 0) throw new FormProblems(problems);
}

/** A unique constraint refused the write (SQLite or PostgreSQL): two requests raced for the same code. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE";
}

/** Runs an insert whose uniqueness was checked before; a concurrent twin still gets the form's message, not a 500. */
export async function insertUnique<T>(insert: Promise<T>, field: string, code: string, params?: Problem["params"]) {
  try {
    return await insert;
  } catch (error) {
    if (isUniqueViolation(error)) reject(field, code, params);
    throw error;
  }
}

export interface PostedForm {
  intent: string;
  values: Record<string, string>;
  files: Map<string, File>;
}

/** Text fields as strings (the last of repeated names), uploaded files apart. 413 beyond `maxBytes`, 400 for a body that is not a form. */
export async function readForm(request: Request, maxBytes = ADMIN_FORM_BYTES): Promise<PostedForm> {
  const data = await readFormData(request, maxBytes);
  const values: Record<string, string> = {};
  const files = new Map<string, File>();
  for (const [key, value] of data.entries()) {
    if (typeof value === "string") values[key] = value;
    else if (value.size > 0 || value.name) files.set(key, value);
  }
  return { intent: values.intent ?? "", values, files };
}

/** Fields never sent back to the page (passwords, whatever their name). */
const SECRET_FIELDS = new Set(["password", "current", "confirm", "pin"]);

export interface ActionResult<T = object> {
  status: number;
  body: T & { failure?: FormFailure };
}

function failure(form: string, problems: Problem[], values: Record<string, string>, t: ServerT): FormFailure {
  const kept = Object.fromEntries(Object.entries(values).filter(([k]) => !SECRET_FIELDS.has(k) && k !== "intent"));
  return { form, errors: fieldErrors(problems, t), values: kept };
}

export function failed(
  form: string,
  problems: Problem[],
  values: Record<string, string>,
  t: ServerT,
  status = 400
): ActionResult {
  return { status, body: { failure: failure(form, problems, values, t) } };
}

/**
 * Runs `work`, turning the problems it finds (FormProblems) into a 400 for
 * `form`. `work` returns a result for the page, or throws a redirect.
 */
export async function runWork<T extends object>(
  t: ServerT,
  form: string,
  values: Record<string, string>,
  work: () => Promise<ActionResult<T>>
): Promise<ActionResult<T> | ActionResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FormProblems) return failed(form, error.problems, values, t, error.status);
    throw error;
  }
}

/** As runWork, after checking `values` with `schema` (its problems come back the same way). */
export async function runForm<S extends z.ZodType, T extends object>(
  t: ServerT,
  form: string,
  values: Record<string, string>,
  schema: S,
  work: (data: z.output<S>) => Promise<ActionResult<T>>
): Promise<ActionResult<T> | ActionResult> {
  const parsed = validate(schema, values);
  if (!parsed.ok) return failed(form, parsed.problems, values, t);
  return runWork(t, form, values, () => work(parsed.data));
}

/** Post/redirect/get with a notice the page shows once (`count` for notices that say how many). */
export function done(path: string, notice: Notice, count?: number): never {
  const url = new URL(path, "http://x");
  url.searchParams.set("notice", notice);
  if (count !== undefined) url.searchParams.set("count", String(count));
  throw redirect(`${url.pathname}${url.search}`);
}

/** An unknown intent: the form was not made by this page. */
export function badIntent(t: ServerT): ActionResult {
  return failed("", [{ field: "", code: "unknown_intent" }], {}, t);
}
