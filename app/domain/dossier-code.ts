/**
 * Dossier codes (mã hồ sơ, docs/domain.md, dossiers): one rule for the one-stop
 * system's API, the tablet's typed or scanned code and the phone link, so that
 * the same dossier is found whichever way its code came. Pure.
 *
 * The national format the one-stop systems print on the receipt is
 * `<agency>-<yymmdd>-<sequence>`, e.g. `000.00.20.H56-241126-0001`: the
 * receiving agency's code (three dotted numeric groups, a letter and two
 * digits), the day of reception, and a sequence number of 4 to 6 digits.
 *
 * - A code that begins like an agency code (`ddd.dd.dd.`, spaces aside) must be
 *   a complete national code with a real day. It is compared without regard to
 *   case, spaces or the kind of dash (a citizen types it from paper, a phone
 *   keyboard offers «–»), and kept upper-case with ASCII hyphens.
 * - Any other code is opaque: trimmed, at most 64 characters, no spaces or
 *   control characters inside, kept exactly as given (case included).
 */

/** The longest code kept (as the kiosk's field and the ingest API allow). */
export const DOSSIER_CODE_MAX_LENGTH = 64;

export type DossierCodeProblem = "empty" | "too_long" | "invalid_national" | "invalid_characters";

export type DossierCodeResult =
  { ok: true; code: string; national: boolean } | { ok: false; reason: DossierCodeProblem };

// Invisible characters a copy from a PDF or a message brings along.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const SPACES = /\s+/g;
// Hyphen look-alikes a receipt, a phone keyboard or a word processor produce.
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const FULLWIDTH_DOT = /[\uFF0E]/g;

const NATIONAL_START = /^\d{3}\.\d{2}\.\d{2}\./;
const NATIONAL = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-(\d{2})(\d{2})(\d{2})-\d{4,6}$/;
// Printable, without spaces: a code travels in URLs and on receipts.
const OPAQUE = /^[^\s\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]+$/u;

function realDay(yy: string, mm: string, dd: string): boolean {
  const month = Number(mm);
  const day = Number(dd);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(2000 + Number(yy), month, 0)).getUTCDate();
}

/**
 * The stored form of a dossier code, or why there is none: empty, longer than
 * {@link DOSSIER_CODE_MAX_LENGTH}, begun like a national code but not one (or
 * with an impossible day), or an opaque code with spaces or control characters.
 */
export function normaliseDossierCode(input: string): DossierCodeResult {
  const text = input.normalize("NFC").replace(INVISIBLE, "").trim();
  if (text === "") return { ok: false, reason: "empty" };
  const compact = text.replace(SPACES, "").replace(DASHES, "-").replace(FULLWIDTH_DOT, ".").toUpperCase();
  if (NATIONAL_START.test(compact)) {
    const m = NATIONAL.exec(compact);
    if (!m || !realDay(m[1], m[2], m[3])) return { ok: false, reason: "invalid_national" };
    return { ok: true, code: compact, national: true };
  }
  if (text.length > DOSSIER_CODE_MAX_LENGTH) return { ok: false, reason: "too_long" };
  if (!OPAQUE.test(text)) return { ok: false, reason: "invalid_characters" };
  return { ok: true, code: text, national: false };
}

/** The stored form, or null when the input names no possible dossier (a typed code that is not one). */
export function dossierCodeOrNull(input: string | null | undefined): string | null {
  if (input == null) return null;
  const result = normaliseDossierCode(input);
  return result.ok ? result.code : null;
}
