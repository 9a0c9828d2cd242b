/**
 * How a report is issued and signed under Nghị định 30/2020/NĐ-CP: the
 * issuing body, «Số: …/BC-…», the signing authority (TM./KT./Q./TL./TUQ.) with
 * the signer's title and name, and «Nơi nhận». Three layers, the first that
 * says something wins: what this report asks for, the unit's settings
 * (db report_signers), the defaults of the unit's level. Pure.
 */
/** Signing in one's own right (""), on behalf of a collective body (TM.), as deputy (KT.), acting (Q.), by order (TL.), by authorisation (TUQ.). */
export const AUTHORITIES = ["", "TM", "KT", "Q", "TL", "TUQ"] as const;
export type Authority = (typeof AUTHORITIES)[number];
/** The authorities as forms and the CLI write them: «none» for signing in one's own right (an empty value means "not set"). */
export const AUTHORITY_CHOICES = ["none", "TM", "KT", "Q", "TL", "TUQ"] as const;

/** A province's report is issued by its Sở Nội vụ, or by the office of its People's Committee. */
export const ISSUER_KINDS = ["department", "office"] as const;
export type IssuerKind = (typeof ISSUER_KINDS)[number];

export const MAX_RECIPIENTS = 20;

/** Everything about signing that a report or a unit's settings may set; null or empty: not set. */
export interface SigningChoices {
  issuerKind: IssuerKind | null;
  issuerName: string | null;
  numberSuffix: string | null;
  authority: Authority | null;
  principal: string | null;
  signerTitle: string | null;
  signerName: string | null;
  recipients: string[];
}

export interface Signing {
  issuerKind: IssuerKind;
  issuerName: string;
  numberSuffix: string;
  authority: Authority;
  principal: string;
  signerTitle: string;
  signerName: string;
  recipients: string[];
}

export const NO_CHOICES: SigningChoices = {
  issuerKind: null,
  issuerName: null,
  numberSuffix: null,
  authority: null,
  principal: null,
  signerTitle: null,
  signerName: null,
  recipients: [],
};

/** The first choice that says something, layer by layer. */
export function resolveSigning(layers: readonly SigningChoices[], defaults: Signing): Signing {
  const pick = <K extends keyof SigningChoices>(key: K): SigningChoices[K] | undefined =>
    layers.map((l) => l[key]).find((v) => (Array.isArray(v) ? v.length > 0 : v !== null && v !== ""));
  return {
    issuerKind: pick("issuerKind") ?? defaults.issuerKind,
    issuerName: pick("issuerName") ?? defaults.issuerName,
    numberSuffix: pick("numberSuffix") ?? defaults.numberSuffix,
    authority: (layers.map((l) => l.authority).find((a) => a !== null) ?? defaults.authority) as Authority,
    principal: pick("principal") ?? defaults.principal,
    signerTitle: pick("signerTitle") ?? defaults.signerTitle,
    signerName: pick("signerName") ?? defaults.signerName,
    recipients: pick("recipients") ?? defaults.recipients,
  };
}

/**
 * The signature block's title lines: «GIÁM ĐỐC»; «Q. GIÁM ĐỐC»; «KT. GIÁM ĐỐC»
 * over «PHÓ GIÁM ĐỐC»; «TM. ỦY BAN NHÂN DÂN» over «CHỦ TỊCH».
 */
export function signerLines(s: Pick<Signing, "authority" | "principal" | "signerTitle">): string[] {
  const upper = (v: string) => v.trim().toLocaleUpperCase("vi");
  if (s.authority === "") return [upper(s.signerTitle)];
  if (s.authority === "Q") return [`Q. ${upper(s.principal || s.signerTitle)}`];
  return [`${s.authority}. ${upper(s.principal)}`, upper(s.signerTitle)];
}

/** What follows «Số:» — the number as given ("12/BC-SNV"; "12" gets the suffix), or blank for the clerk to fill in. */
export function documentNumber(number: string | null, suffix: string): string {
  const given = number?.trim() ?? "";
  if (given === "") return `\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-${suffix}`;
  return given.includes("/") ? given : `${given}/BC-${suffix}`;
}

/** Recipients as typed: one a line (a form's textarea) or separated by «|» (the CLI); «- » and blank lines dropped. */
export function recipientLines(text: string): string[] {
  return text
    .split(/\r?\n|\|/)
    .map((l) => l.trim().replace(/^[-–•]\s*/, ""))
    .filter((l) => l !== "");
}

/** What one report asks for beyond its period and unit: the day it is issued, its number, signing choices. */
export interface DocumentOptions {
  /** YYYY-MM-DD; null: today. */
  issued: string | null;
  /** «12/BC-SNV», or «12» (the suffix is added); null: left blank for the clerk. */
  number: string | null;
  signing: SigningChoices;
}

export const NO_DOCUMENT_OPTIONS: DocumentOptions = { issued: null, number: null, signing: NO_CHOICES };
