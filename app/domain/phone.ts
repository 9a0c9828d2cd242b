/**
 * A citizen's phone number, left at the kiosk to be contacted about a
 * harassment complaint (issue 16, ADR 048). Vietnamese mobile numbers only:
 * ten digits starting 03, 05, 07, 08 or 09, typed as 0…, 84… or +84…, with
 * spaces, dots, dashes or brackets between the digits. Plain code (no zod):
 * the kiosk's browser bundle reads it too; the ingest API wraps it in zod.
 */

export const PHONE_INPUT_MAX = 20;
const MOBILE = /^0[35789][0-9]{8}$/;

/** The number as stored (0xxxxxxxxx), or null when it is not a Vietnamese mobile number. */
export function normalisePhone(input: string): string | null {
  if (input.length > PHONE_INPUT_MAX) return null;
  const compact = input.trim().replace(/[\s.\-()]/g, "");
  let digits: string;
  if (compact.startsWith("+84")) digits = `0${compact.slice(3)}`;
  else if (compact.startsWith("84") && compact.length === 11) digits = `0${compact.slice(2)}`;
  else digits = compact;
  return MOBILE.test(digits) ? digits : null;
}

/** The number as those who may not see it are shown it: 09•••••123. */
export function maskPhone(phone: string): string {
  if (phone.length < 6) return "•".repeat(phone.length);
  return `${phone.slice(0, 2)}${"•".repeat(phone.length - 5)}${phone.slice(-3)}`;
}
