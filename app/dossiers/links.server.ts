/**
 * The evaluation link of a dossier: `<public origin>/danh-gia/<evaluation token>`,
 * printed as a QR code on the receipt and sent by SMS/Zalo. The token is 128
 * random bits made when the dossier is first heard of, so the link cannot be
 * guessed from the code; it is valid from reception until `evaluation_link_days`
 * (default 30) days after the dossier ended (ADR 052).
 */
import QRCode from "qrcode";
import type { DB } from "~db/connection";
import type { DossierRecord } from "~db/repositories/dossiers";
import { SETTING_KEYS, getSetting } from "~db/repositories/settings";
import { randomToken } from "~/utils/crypto.server";

export const DEFAULT_EVALUATION_LINK_DAYS = 30;
export const MAX_EVALUATION_LINK_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export function newEvaluationToken(): string {
  return randomToken(16);
}

export function evaluationLinkDays(stored: string | undefined): number {
  const n = Number(stored);
  return Number.isInteger(n) && n >= 1 && n <= MAX_EVALUATION_LINK_DAYS ? n : DEFAULT_EVALUATION_LINK_DAYS;
}

export async function readEvaluationLinkDays(db: DB): Promise<number> {
  return evaluationLinkDays(await getSetting(db, SETTING_KEYS.evaluationLinkDays));
}

export function evaluationUrl(origin: string, token: string): string {
  return `${origin.replace(/\/$/, "")}/danh-gia/${token}`;
}

/** When the link stops working: `days` after the dossier ended; null while it is open. */
export function evaluationLinkExpiry(dossier: Pick<DossierRecord, "endedAt">, days: number): string | null {
  if (!dossier.endedAt) return null;
  return new Date(Date.parse(dossier.endedAt) + days * DAY_MS).toISOString();
}

export interface EvaluationLink {
  url: string;
  expiresAt: string | null;
}

export function evaluationLink(
  origin: string,
  dossier: Pick<DossierRecord, "endedAt" | "evaluationToken">,
  days: number
): EvaluationLink {
  return { url: evaluationUrl(origin, dossier.evaluationToken), expiresAt: evaluationLinkExpiry(dossier, days) };
}

/** The link as an SVG QR code (error correction M: survives a smudged receipt). */
export async function evaluationQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
