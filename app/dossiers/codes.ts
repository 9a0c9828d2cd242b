/**
 * Dossier codes (mã hồ sơ). The national format of the one-stop systems
 * (Quyết định 870/QĐ-VPCP, as Cổng Dịch vụ công prints it), e.g.
 * `000.00.20.H56-241126-0001`: the receiving agency's code (three dotted
 * numeric groups and a letter with two digits), the day of reception as
 * YYMMDD, and a four-or-more-digit sequence number.
 *
 * The rule (docs/api.md): a code that begins like an agency code
 * (`ddd.dd.dd.`) must be a complete national code with a real date, and is
 * stored with its letters upper-case; any other code is accepted as opaque
 * (trimmed, 1–64 characters, no spaces or control characters). Pure.
 */

export const MAX_DOSSIER_CODE_LENGTH = 64;

const NATIONAL_START = /^\d{3}\.\d{2}\.\d{2}\./;
const NATIONAL = /^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{2})(\d{2})(\d{2})-(\d{4,6})$/;
// Printable, without spaces: a code travels in URLs and on receipts.
const OPAQUE = /^[^\s\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]+$/u;

function realDate(yy: string, mm: string, dd: string): boolean {
  const year = 2000 + Number(yy);
  const date = new Date(Date.UTC(year, Number(mm) - 1, Number(dd)));
  return date.getUTCMonth() === Number(mm) - 1 && date.getUTCDate() === Number(dd);
}

/** The stored form of a dossier code, or null when it is not a valid one. */
export function normaliseDossierCode(input: string): string | null {
  const code = input.normalize("NFC").trim();
  if (code.length === 0 || code.length > MAX_DOSSIER_CODE_LENGTH) return null;
  if (NATIONAL_START.test(code)) {
    const upper = code.toUpperCase();
    const match = NATIONAL.exec(upper);
    if (!match || !realDate(match[2], match[3], match[4])) return null;
    return upper;
  }
  return OPAQUE.test(code) ? code : null;
}
