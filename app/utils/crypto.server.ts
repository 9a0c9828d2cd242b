import crypto from "node:crypto";

/** A 128-bit random secret, URL-safe. */
export function randomToken(bytes = 16): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

export function sha256Hex(value: string): string {
  return crypto.createHash("sha256").update(value).digest("hex");
}

/** Six decimal digits, uniformly drawn. */
export function randomDigits(length = 6): string {
  return String(crypto.randomInt(0, 10 ** length)).padStart(length, "0");
}
