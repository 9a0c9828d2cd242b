/**
 * Numbers, percentages and dates as a Vietnamese civil servant reads them
 * ("92,5%", "1.234", "26/11/2026"), or in English form for `en`. Times are
 * shown in Asia/Ho_Chi_Minh. Intl formatters are built once per language.
 */

/** Vietnam's zone (UTC+7 all year; app/domain/time.ts computes with the fixed offset). */
const TIME_ZONE = "Asia/Ho_Chi_Minh";

export type DisplayLanguage = "vi" | "en";

const LOCALE: Record<DisplayLanguage, string> = { vi: "vi-VN", en: "en-GB" };

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let value = cache.get(key);
  if (!value) {
    value = make();
    cache.set(key, value);
  }
  return value as T;
}

export const NO_VALUE = "—";

/** 0.925 → "92,5%" (vi) / "92.5%" (en); null → "—". */
export function formatPercent(rate: number | null | undefined, lang: DisplayLanguage = "vi", digits = 1): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return NO_VALUE;
  const f = cached(
    `pct:${lang}:${digits}`,
    () =>
      new Intl.NumberFormat(LOCALE[lang], {
        style: "percent",
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      })
  );
  // vi-VN puts a no-break space before "%" in some ICU versions; the form writes "92,5%".
  return f.format(rate).replace(/\s%/, "%");
}

/** A mean score with one decimal: 4.25 → "4,3" (vi) / "4.3" (en); null → "—". */
export function formatScore(value: number | null | undefined, lang: DisplayLanguage = "vi"): string {
  if (value === null || value === undefined || Number.isNaN(value)) return NO_VALUE;
  return cached(
    `score:${lang}`,
    () => new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: 1, maximumFractionDigits: 1 })
  ).format(value);
}

export function formatNumber(value: number, lang: DisplayLanguage = "vi"): string {
  return cached(`num:${lang}`, () => new Intl.NumberFormat(LOCALE[lang])).format(value);
}

/** "2026-11-26" → "26/11/2026" (the same day-first form in both languages). */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/** An instant in Asia/Ho_Chi_Minh: "08:15 26/11/2026". */
export function formatDateTime(iso: string, lang: DisplayLanguage = "vi"): string {
  const f = cached(
    `dt:${lang}`,
    () =>
      new Intl.DateTimeFormat(LOCALE[lang], {
        timeZone: TIME_ZONE,
        hour: "2-digit",
        minute: "2-digit",
        day: "2-digit",
        month: "2-digit",
        year: "numeric",
        hour12: false,
      })
  );
  const parts = Object.fromEntries(f.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.hour}:${parts.minute} ${parts.day}/${parts.month}/${parts.year}`;
}

/**
 * A document date's day and month as Nghị định 30/2020/NĐ-CP writes them: a
 * leading zero only for days below 10 and for months 1 and 2 (so a day or
 * month cannot be extended by hand): «ngày 05 tháng 3», «ngày 15 tháng 01»,
 * «ngày 04 tháng 12».
 */
export function documentDateParts(isoDate: string): { day: string; month: string; year: string } {
  const [year, month, day] = isoDate.slice(0, 10).split("-");
  const m = Number(month);
  return { day: day.padStart(2, "0"), month: m <= 2 ? month.padStart(2, "0") : String(m), year };
}
