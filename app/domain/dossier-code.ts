/**
 * Dossier codes (mã số hồ sơ, docs/domain.md, dossiers): one canonical form,
 * shared by the one-stop system's API, the tablet's typed or scanned code and
 * the reports, so that the same dossier is found whichever way its code came.
 * Pure.
 *
 * The national form (Thông tư 01/2018/TT-VPCP; the office code of
 * QCVN 102:2016/BTTTT) is `<office>-<yymmdd>-<sequence>`, e.g.
 * `000.00.20.H56-241126-0001`: the office as `ddd.dd.dd.Ldd`, the day of receipt,
 * and a 4- to 6-digit sequence number. A code in that form is compared without
 * regard to case, spaces or the kind of dash; its date must be a real day.
 * Any other code is opaque: trimmed, runs of spaces made one, upper-cased.
 */

/** The longest code kept (as the kiosk's field and the ingest API allow). */
export const DOSSIER_CODE_MAX_LENGTH = 64;

export type DossierCodeResult =
  { ok: true; code: string; national: boolean } | { ok: false; reason: "empty" | "too_long" | "invalid_national" };

// Hyphen look-alikes a receipt, a phone keyboard or a word processor produce.
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D_]/g;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const SPACES = /\s+/g;
const FULLWIDTH_DOT = /[\uFF0E\u3002]/g;

// The shape that makes a code "national": office, a 6-digit group, a digit group.
const NATIONAL_SHAPE = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d+$/;
const NATIONAL = /^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{2})(\d{2})(\d{2})-(\d{4,6})$/;

function realDay(yy: number, mm: number, dd: number): boolean {
  if (mm < 1 || mm > 12 || dd < 1) return false;
  const year = 2000 + yy;
  const last = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  return dd <= last;
}

/**
 * The canonical form of a dossier code, or why there is none: empty after
 * trimming, longer than {@link DOSSIER_CODE_MAX_LENGTH}, or in the national
 * shape with an impossible date or sequence.
 */
export function normaliseDossierCode(input: string): DossierCodeResult {
  const text = input.normalize("NFC").replace(INVISIBLE, "");
  const compact = text.replace(SPACES, "").replace(DASHES, "-").replace(FULLWIDTH_DOT, ".").toUpperCase();
  if (compact === "") return { ok: false, reason: "empty" };
  if (NATIONAL_SHAPE.test(compact)) {
    const m = NATIONAL.exec(compact);
    if (!m || !realDay(Number(m[2]), Number(m[3]), Number(m[4]))) return { ok: false, reason: "invalid_national" };
    return { ok: true, code: compact, national: true };
  }
  const opaque = text.replace(SPACES, " ").trim().toUpperCase();
  if (opaque.length > DOSSIER_CODE_MAX_LENGTH) return { ok: false, reason: "too_long" };
  return { ok: true, code: opaque, national: false };
}

/** The canonical code, or null when the input names no possible dossier. */
export function dossierCodeOrNull(input: string | null | undefined): string | null {
  if (input == null) return null;
  const result = normaliseDossierCode(input);
  return result.ok ? result.code : null;
}
