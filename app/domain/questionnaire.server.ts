/** Validation of questionnaire definitions and of the answers given under one. */
import { z } from "zod";
import { REASONS } from "./response";
import { type Problem, validate } from "~/utils/problems";
import {
  QUESTION_KINDS,
  RATING_SCALES,
  type Question,
  type QuestionnaireDefinition,
  extraQuestions,
  isCoreQuestion,
  SCORES,
  scaleLevels,
} from "./questionnaire";

const code = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);
const text = z.string().trim().min(1).max(300);
const localized = z.strictObject({ vi: text, en: text });
const option = z.strictObject({ code, label: localized.optional() });

const question = z.strictObject({
  code,
  kind: z.enum(QUESTION_KINDS),
  label: localized.optional(),
  options: z.array(option).min(1).max(30).optional(),
  maxLength: z.number().int().min(1).max(1000).optional(),
  scale: z.enum(RATING_SCALES).optional(),
  ends: z.strictObject({ low: localized, high: localized }).optional(),
});

function custom(ctx: z.core.$RefinementCtx, path: (string | number)[], params: Record<string, string | number>) {
  ctx.addIssue({ code: "custom", path, params, message: String(params.code) });
}

export const definitionSchema = z
  .strictObject({ questions: z.array(question).min(2).max(40) })
  .superRefine((def, ctx) => {
    const seen = new Set<string>();
    def.questions.forEach((q, i) => {
      if (seen.has(q.code)) custom(ctx, ["questions", i, "code"], { code: "duplicate_values" });
      seen.add(q.code);
      const needsOptions = q.kind === "choice" || q.kind === "multi_choice";
      if (needsOptions && !q.options?.length) custom(ctx, ["questions", i, "options"], { code: "required" });
      if (!needsOptions && q.options) custom(ctx, ["questions", i, "options"], { code: "unknown_field" });
      if (q.scale && q.kind !== "rating") custom(ctx, ["questions", i, "scale"], { code: "unknown_field" });
      if (q.ends && q.kind !== "rating5") custom(ctx, ["questions", i, "ends"], { code: "unknown_field" });
      if (q.kind === "rating5" && !q.ends) custom(ctx, ["questions", i, "ends"], { code: "required" });
      if (q.options && new Set(q.options.map((o) => o.code)).size !== q.options.length)
        custom(ctx, ["questions", i, "options"], { code: "duplicate_values" });
      if (!isCoreQuestion(q)) {
        if (!q.label) custom(ctx, ["questions", i, "label"], { code: "required" });
        q.options?.forEach((o, j) => {
          if (!o.label) custom(ctx, ["questions", i, "options", j, "label"], { code: "required" });
        });
      }
    });
    const overall = def.questions.find((q) => q.code === "overall");
    if (!overall || overall.kind !== "rating")
      custom(ctx, ["questions"], { code: "core_question_missing", question: "overall" });
    const reasons = def.questions.find((q) => q.code === "reasons");
    if (!reasons || reasons.kind !== "multi_choice") {
      custom(ctx, ["questions"], { code: "core_question_missing", question: "reasons" });
    } else {
      reasons.options?.forEach((o, j) => {
        if (!(REASONS as readonly string[]).includes(o.code))
          custom(ctx, ["questions", def.questions.indexOf(reasons), "options", j, "code"], {
            code: "invalid_option",
            options: REASONS.join(", "),
          });
      });
      if (!reasons.options?.some((o) => o.code === "harassment"))
        custom(ctx, ["questions"], { code: "harassment_reason_required" });
    }
  });

export type ParsedDefinition = { ok: true; definition: QuestionnaireDefinition } | { ok: false; problems: Problem[] };

export function parseDefinition(input: unknown): ParsedDefinition {
  const result = validate(definitionSchema, input);
  return result.ok ? { ok: true, definition: result.data as QuestionnaireDefinition } : result;
}

function answerSchema(q: Question): z.ZodType {
  const options = (q.options ?? []).map((o) => o.code) as [string, ...string[]];
  switch (q.kind) {
    case "rating":
      return z.enum(scaleLevels(q.scale) as [string, ...string[]]);
    case "choice":
      return z.enum(options);
    case "multi_choice":
      return z
        .array(z.enum(options))
        .max(options.length)
        .refine((v) => new Set(v).size === v.length, { params: { code: "duplicate_values" } });
    case "yes_no":
      return z.boolean();
    case "rating5":
      return z.enum(SCORES);
    case "text":
      return z
        .string()
        .trim()
        .max(q.maxLength ?? 500);
  }
}

/** Checks extra answers against a version: every key a known extra question, every value of its kind. */
export function validateAnswers(
  definition: QuestionnaireDefinition,
  version: number,
  answers: Record<string, unknown>
): Problem[] {
  const extras = new Map(extraQuestions(definition).map((q) => [q.code, q]));
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(answers)) {
    const q = extras.get(key);
    if (!q) {
      problems.push({ field: `answers.${key}`, code: "unknown_question", params: { version, code: key } });
      continue;
    }
    const result = validate(answerSchema(q), value, `answers.${key}`);
    if (!result.ok) problems.push(...result.problems);
  }
  return problems;
}
