/**
 * The signing fields of a form or of a report request (URL parameters, CLI
 * options), checked; an empty field means "not set" (the next layer decides).
 */
import { z } from "zod";
import { AUTHORITY_CHOICES, ISSUER_KINDS, MAX_RECIPIENTS, type SigningChoices, recipientLines } from "./signing";

/** Printable text: no control characters (a tab or a line break would break the document's layout). */
const printable = (v: string) => [...v].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f);

const line = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine(printable, { params: { code: "invalid_text" } });

/** A choice among values, where an empty form field means "not set". */
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.enum(values).optional());

export const signingSchema = z.object({
  issuer: choice(ISSUER_KINDS),
  issuer_name: line(120).optional(),
  number_suffix: z
    .string()
    .trim()
    .regex(/^[\p{L}\d.-]{0,20}$/u)
    .optional(),
  authority: choice(AUTHORITY_CHOICES),
  principal: line(80).optional(),
  signer_title: line(80).optional(),
  signer_name: line(80).optional(),
  recipients: z
    .string()
    .max(4000)
    .transform(recipientLines)
    .refine((l) => l.length <= MAX_RECIPIENTS && l.every((r) => r.length <= 200 && printable(r)), {
      params: { code: "too_many_recipients", max: MAX_RECIPIENTS },
    })
    .optional(),
});

export type SigningInput = z.output<typeof signingSchema>;

export function choicesOf(input: SigningInput): SigningChoices {
  const text = (v: string | undefined) => (v && v !== "" ? v : null);
  return {
    issuerKind: input.issuer ?? null,
    issuerName: text(input.issuer_name),
    numberSuffix: text(input.number_suffix),
    authority: input.authority === undefined ? null : input.authority === "none" ? "" : input.authority,
    principal: text(input.principal),
    signerTitle: text(input.signer_title),
    signerName: text(input.signer_name),
    recipients: input.recipients ?? [],
  };
}
