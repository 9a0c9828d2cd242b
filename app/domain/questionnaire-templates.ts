/**
 * Extra questions an administrator can start a draft from: the criteria of
 * Thông tư 01/2018/TT-VPCP's evaluation of one-stop handling, and SIPAS's
 * aspects (access, the procedure, the official, the result, the handling of
 * feedback) with an overall 1–5 score. Short enough for a kiosk screen; every
 * one is counted in the reports (single choice, yes/no, rating, 1–5 rating).
 * A draft made from a template keeps the core questions of the version it
 * copies. Here only the shape (codes, kinds, options); the wording is in
 * locales/{vi,en}/admin.json (`questionnaire_templates.questions`), read
 * through the translators the caller passes in, so the domain stays pure.
 */
import type { LocalizedText, Question, QuestionKind, QuestionnaireDefinition, RatingScale } from "./questionnaire";
import { isCoreQuestion } from "./questionnaire";

export const QUESTIONNAIRE_TEMPLATES = ["tt01_2018", "sipas"] as const;
export type QuestionnaireTemplate = (typeof QUESTIONNAIRE_TEMPLATES)[number];

/** A translator for one language (i18next's `t` fits): key in, text out. */
export type Translate = (key: string) => string;
/** The translators of both languages a question is worded in. */
export type Translators = Record<keyof LocalizedText, Translate>;

interface TemplateQuestion {
  code: string;
  kind: QuestionKind;
  options?: readonly string[];
  scale?: RatingScale;
}

const TEMPLATE_QUESTIONS: Record<QuestionnaireTemplate, readonly TemplateQuestion[]> = {
  tt01_2018: [
    { code: "visits", kind: "choice", options: ["one", "two", "three_plus"] },
    { code: "guided_once", kind: "yes_no" },
    { code: "posted", kind: "yes_no" },
    { code: "extra_papers", kind: "yes_no" },
    { code: "staff_manner", kind: "rating", scale: "three" },
    { code: "late_apology", kind: "choice", options: ["yes", "no", "not_late"] },
  ],
  sipas: [
    { code: "access", kind: "rating" },
    { code: "procedure", kind: "rating" },
    { code: "official", kind: "rating" },
    { code: "result", kind: "rating" },
    { code: "feedback", kind: "choice", options: ["satisfied", "not_satisfied", "none"] },
    { code: "overall_score", kind: "rating5" },
  ],
};

const KEY = "admin:questionnaire_templates.questions";

/** The extra questions of a template, worded in both languages by `t`. */
export function templateQuestions(template: QuestionnaireTemplate, t: Translators): Question[] {
  const text = (key: string): LocalizedText => ({ vi: t.vi(key), en: t.en(key) });
  return TEMPLATE_QUESTIONS[template].map((q) => {
    const base = `${KEY}.${template}.${q.code}`;
    return {
      code: q.code,
      kind: q.kind,
      ...(q.scale ? { scale: q.scale } : {}),
      label: text(`${base}.label`),
      ...(q.options ? { options: q.options.map((code) => ({ code, label: text(`${base}.options.${code}`) })) } : {}),
      ...(q.kind === "rating5" ? { ends: { low: text(`${base}.low`), high: text(`${base}.high`) } } : {}),
    };
  });
}

/** A definition with `base`'s core questions and the template's extra questions in place of its own. */
export function applyTemplate(
  base: QuestionnaireDefinition,
  template: QuestionnaireTemplate,
  t: Translators
): QuestionnaireDefinition {
  return { questions: [...base.questions.filter(isCoreQuestion), ...templateQuestions(template, t)] };
}
