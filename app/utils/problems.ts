/**
 * Validation problems, independent of language: a field path, a message code
 * (a key under errors:validation) and its parameters. Boundaries turn zod
 * issues into problems, and problems into translated messages.
 */
import type { z } from "zod";

export interface Problem {
  /** Dotted path of the offending field, "" for the whole input. */
  field: string;
  code: string;
  params?: Record<string, string | number>;
}

export interface TranslatedProblem {
  field: string;
  message: string;
}

type Translate = (key: string, vars?: Record<string, unknown>) => string;

function pathOf(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

const TYPE_NAMES = new Set(["string", "number", "int", "boolean", "array", "object", "record"]);

function describe(issue: z.core.$ZodIssue): Omit<Problem, "field"> {
  // Needs the issue's input: parse with `validate` below (reportInput), or a missing value reads as a wrong one.
  const missing = "input" in issue && issue.input === undefined;
  switch (issue.code) {
    case "invalid_type":
      if (missing) return { code: "required" };
      return { code: "invalid_type", params: { expected: TYPE_NAMES.has(issue.expected) ? issue.expected : "other" } };
    case "invalid_value":
      if (missing) return { code: "required" };
      return { code: "invalid_option", params: { options: issue.values.map(String).join(", ") } };
    case "too_big":
      if (issue.origin === "string") return { code: "too_long", params: { max: Number(issue.maximum) } };
      if (issue.origin === "array" || issue.origin === "set")
        return { code: "too_many", params: { max: Number(issue.maximum) } };
      return { code: "too_large", params: { max: Number(issue.maximum) } };
    case "too_small":
      if (issue.origin === "string") {
        return Number(issue.minimum) <= 1
          ? { code: "required" }
          : { code: "too_short", params: { min: Number(issue.minimum) } };
      }
      if (issue.origin === "array" || issue.origin === "set")
        return { code: "too_few", params: { min: Number(issue.minimum) } };
      return { code: "too_small", params: { min: Number(issue.minimum) } };
    case "invalid_format":
      if (issue.format === "uuid" || issue.format.startsWith("uuid")) return { code: "invalid_uuid" };
      if (issue.format === "datetime") return { code: "invalid_datetime" };
      if (issue.format === "date") return { code: "invalid_date" };
      return { code: "invalid_format" };
    case "custom": {
      const { code, ...params } = (issue.params ?? {}) as Record<string, string | number>;
      return typeof code === "string" ? { code, params } : { code: "invalid" };
    }
    default:
      return { code: "invalid" };
  }
}

export type Validated<T> = { ok: true; data: T } | { ok: false; problems: Problem[] };

/** Parses at a boundary: the data, or problems that tell a missing value from a wrong one. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, prefix = ""): Validated<z.output<S>> {
  const result = schema.safeParse(input, { reportInput: true });
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, problems: problemsFromZod(result.error.issues, prefix) };
}

export function problemsFromZod(issues: readonly z.core.$ZodIssue[], prefix = ""): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const base = pathOf(issue.path);
    const field = prefix && base ? `${prefix}.${base}` : prefix || base;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) problems.push({ field: field ? `${field}.${key}` : key, code: "unknown_field" });
    } else {
      problems.push({ field, ...describe(issue) });
    }
  }
  return problems;
}

/** A problem's message alone, for a form that shows it next to its field. */
export function problemMessage(problem: Problem, t: Translate): string {
  const params =
    problem.code === "invalid_type"
      ? { ...problem.params, expected: t(`errors:types.${problem.params?.expected}`) }
      : problem.params;
  return t(`errors:validation.${problem.code}`, params);
}

/** Messages that name their field, for API clients and logs. */
export function translateProblems(problems: readonly Problem[], t: Translate): TranslatedProblem[] {
  return problems.map((problem) => ({
    field: problem.field,
    message: problem.field
      ? t("errors:field_problem", { field: problem.field, problem: problemMessage(problem, t) })
      : problemMessage(problem, t),
  }));
}

/** First problem per field, as a form wants it. */
export function fieldErrors(problems: readonly Problem[], t: Translate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const problem of problems) out[problem.field] ??= problemMessage(problem, t);
  return out;
}
