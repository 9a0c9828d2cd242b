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

/** A 256-bit key for one purpose, derived from a secret (HKDF-SHA256): one secret, independent keys. */
export function derivedKey(secret: string, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", secret, "", purpose, 32));
}

export function hmacHex(key: crypto.BinaryLike, value: string): string {
  return crypto.createHmac("sha256", key).update(value).digest("hex");
}
