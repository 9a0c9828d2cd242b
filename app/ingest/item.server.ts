/**
 * One response as clients send it to POST /api/v1/responses, validated and
 * normalised. The JSON contract is documented in docs/api.md.
 */
import { z } from "zod";
import { LANGUAGES } from "~db/schema";
import { PHONE_INPUT_MAX, normalisePhone } from "~/domain/phone";
import { RATINGS, REASONS } from "~/domain/response";
import { sha256Hex } from "~/utils/crypto.server";
import { type Problem, validate } from "~/utils/problems";

export const MAX_COMMENT_LENGTH = 1000;
export const MAX_DOSSIER_CODE_LENGTH = 64;

/**
 * Text as stored: well-formed Unicode (lone surrogates replaced), NFC, no
 * control characters except line breaks and tabs (PostgreSQL rejects NUL),
 * trimmed; empty becomes absent.
 */
function cleanText(max: number) {
  return z
    .string()
    .transform((s) =>
      s
        .toWellFormed()
        .normalize("NFC")
        // eslint-disable-next-line no-control-regex -- strips control characters on purpose (tabs and newlines stay)
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "")
        .trim()
    )
    .pipe(z.string().max(max))
    .transform((s) => (s === "" ? null : s));
}

export const itemSchema = z
  .strictObject({
    id: z.uuid().transform((s) => s.toLowerCase()),
    submittedAt: z.iso.datetime({ offset: true }),
    questionnaireVersion: z.number().int().min(1).max(1_000_000),
    rating: z.enum(RATINGS),
    reasons: z.array(z.enum(REASONS)).max(REASONS.length).nullish(),
    fieldCode: cleanText(40).nullish(),
    dossierCode: cleanText(MAX_DOSSIER_CODE_LENGTH).nullish(),
    onTime: z.boolean().nullish(),
    comment: cleanText(MAX_COMMENT_LENGTH).nullish(),
    language: z.enum(LANGUAGES).nullish(),
    answers: z.record(z.string().max(40), z.unknown()).nullish(),
    /**
     * The citizen's phone, left to be contacted about a harassment complaint
     * (ADR 048): normalised to 0xxxxxxxxx; never stored on the response.
     */
    contactPhone: z
      .string()
      .max(PHONE_INPUT_MAX)
      .transform((s, ctx) => {
        const phone = normalisePhone(s);
        if (phone === null) {
          ctx.addIssue({ code: "custom", params: { code: "invalid_phone" }, message: "" });
          return z.NEVER;
        }
        return phone;
      })
      .nullish(),
  })
  .superRefine((item, ctx) => {
    const reasons = item.reasons ?? [];
    if (reasons.length > 0 && item.rating !== "dissatisfied") {
      ctx.addIssue({
        code: "custom",
        path: ["reasons"],
        params: { code: "reasons_only_when_dissatisfied" },
        message: "",
      });
    }
    if (item.contactPhone && !(item.rating === "dissatisfied" && reasons.includes("harassment"))) {
      ctx.addIssue({
        code: "custom",
        path: ["contactPhone"],
        params: { code: "contact_only_with_harassment" },
        message: "",
      });
    }
    if (new Set(reasons).size !== reasons.length) {
      ctx.addIssue({ code: "custom", path: ["reasons"], params: { code: "duplicate_values" }, message: "" });
    }
  });

export type RawItem = z.output<typeof itemSchema>;

/** A valid item in the form the service stores. */
export interface NormalisedItem {
  id: string;
  submittedAt: Date;
  questionnaireVersion: number;
  rating: RawItem["rating"];
  reasons: NonNullable<RawItem["reasons"]>;
  fieldCode: string | null;
  dossierCode: string | null;
  onTime: boolean | null;
  comment: string | null;
  language: RawItem["language"] & string;
  answers: Record<string, unknown> | null;
}

/**
 * A parsed item: the response, and apart from it the citizen's phone (kept
 * out of the response's row and of its content hash: ADR 048).
 */
export type ParsedItem =
  | { ok: true; item: NormalisedItem; contactPhone: string | null }
  | { ok: false; id: string | null; problems: Problem[] };

/**
 * zod's record skips a "__proto__" key (an own property after JSON.parse)
 * without a word: an answer under that name would vanish from an accepted item.
 */
function hiddenAnswerProblems(input: unknown): Problem[] {
  const answers = (input as { answers?: unknown } | null)?.answers;
  return answers !== null && typeof answers === "object" && Object.hasOwn(answers, "__proto__")
    ? [{ field: "answers.__proto__", code: "unknown_field" }]
    : [];
}

export function parseItem(input: unknown): ParsedItem {
  const result = validate(itemSchema, input);
  const hidden = hiddenAnswerProblems(input);
  if (!result.ok || hidden.length > 0) {
    const rawId = (input as { id?: unknown } | null)?.id;
    const problems = [...(result.ok ? [] : result.problems), ...hidden];
    return { ok: false, id: typeof rawId === "string" ? rawId.slice(0, 100) : null, problems };
  }
  const d = result.data;
  const answers = d.answers && Object.keys(d.answers).length > 0 ? d.answers : null;
  return {
    ok: true,
    item: {
      id: d.id,
      submittedAt: new Date(d.submittedAt),
      questionnaireVersion: d.questionnaireVersion,
      rating: d.rating,
      reasons: [...(d.reasons ?? [])].sort(),
      fieldCode: d.fieldCode ?? null,
      dossierCode: d.dossierCode ?? null,
      onTime: d.onTime ?? null,
      comment: d.comment ?? null,
      language: d.language ?? "vi",
      answers,
    },
    contactPhone: d.contactPhone ?? null,
  };
}

/** JSON with object keys sorted, so equal content hashes equally. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Identity of a response's content: the same id with another hash is a conflict.
 * The hash of `canonical({ ...item, deviceId, submittedAt: ISO text })`, its
 * keys written out in their sorted order (every ingested item passes here;
 * tests/unit/ingest/item.test.ts holds it equal to the generic form).
 */
export function contentHash(deviceId: number | null, item: NormalisedItem): string {
  const s = JSON.stringify;
  return sha256Hex(
    `{"answers":${canonical(item.answers)},"comment":${s(item.comment)},"deviceId":${s(deviceId)},` +
      `"dossierCode":${s(item.dossierCode)},"fieldCode":${s(item.fieldCode)},"id":${s(item.id)},` +
      `"language":${s(item.language)},"onTime":${s(item.onTime)},` +
      `"questionnaireVersion":${s(item.questionnaireVersion)},"rating":${s(item.rating)},` +
      `"reasons":${canonical(item.reasons)},"submittedAt":${s(item.submittedAt.toISOString())}}`
  );
}
