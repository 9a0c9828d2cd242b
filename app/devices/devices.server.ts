/**
 * Tablets (devices): each belongs to a desk and holds a 128-bit bearer token,
 * of which only the sha256 is stored. A browser becomes a desk's kiosk by
 * entering a one-time pairing code (6 digits, 10 minutes, single use);
 * pairing issues a fresh token into an httpOnly cookie, so a token printed
 * earlier for the same device stops working.
 *
 * A code is stored as an HMAC under a key derived from the server secret
 * (SESSION_SECRET): a bare hash of six digits would give the code back to
 * anyone who reads the database, in a million tries. The CLI and the server
 * must therefore share the secret (they read the same configuration).
 */
import type { DB } from "~db/connection";
import { findDeskByCode } from "~db/repositories/desks";
import {
  type DeviceIdentity,
  claimPairingCode,
  findDeviceByTokenHash,
  insertDevice,
  type Device,
  pairingCodeOutstanding,
  setPairingCode,
  touchDevice,
} from "~db/repositories/devices";
import { derivedKey, hmacHex, randomDigits, randomToken, sha256Hex } from "~/utils/crypto.server";
import { contactIsStale } from "~/domain/device-status";

export const PAIRING_CODE_TTL_MS = 10 * 60 * 1000;
/** Six digits typed from the screen, or twelve from a printed pairing sheet (ADR 060). */
export const PAIRING_CODE_PATTERN = /^(\d{6}|\d{12})$/;
/** A printed sheet's codes: long-lived, so twelve digits (ADR 060). */
export const SHEET_CODE_DIGITS = 12;

export class DeskNotFoundError extends Error {
  constructor(readonly deskCode: string) {
    super(`desk ${deskCode} not found`);
  }
}

export interface PairingCode {
  code: string;
  expiresAt: string;
}

export interface CreatedDevice {
  deviceId: number;
  deskCode: string;
  name: string;
  token: string;
  pairing: PairingCode;
}

/** What is stored of a pairing code; `secret` is the server secret. */
function pairingCodeHash(secret: string, code: string): string {
  return hmacHex(derivedKey(secret, "hailong pairing codes"), code);
}

export function newDeviceToken(): string {
  return `hl_${randomToken(16)}`;
}

export async function createDevice(
  db: DB,
  secret: string,
  input: { deskCode: string; name: string },
  now: Date
): Promise<CreatedDevice> {
  const desk = await findDeskByCode(db, input.deskCode);
  if (!desk) throw new DeskNotFoundError(input.deskCode);
  const token = newDeviceToken();
  const device = await insertDevice(db, {
    deskId: desk.id,
    name: input.name,
    tokenHash: sha256Hex(token),
    createdAt: now.toISOString(),
  });
  const pairing = await issuePairingCode(db, secret, device.id, now);
  return { deviceId: device.id, deskCode: desk.code, name: device.name, token, pairing };
}

/**
 * A new pairing code for a device, replacing any outstanding one: by default
 * six digits for ten minutes; a pairing sheet's live longer and have twelve.
 */
export async function issuePairingCode(
  db: DB,
  secret: string,
  deviceId: number,
  now: Date,
  options: { ttlMs: number; digits: 6 | 12 } = { ttlMs: PAIRING_CODE_TTL_MS, digits: 6 }
): Promise<PairingCode> {
  const expiresAt = new Date(now.getTime() + options.ttlMs).toISOString();
  // Codes must be unique among outstanding ones so that a code names one device.
  for (;;) {
    const code = randomDigits(options.digits);
    const hash = pairingCodeHash(secret, code);
    if (await pairingCodeOutstanding(db, hash, now.toISOString())) continue;
    await setPairingCode(db, deviceId, hash, expiresAt);
    return { code, expiresAt };
  }
}

/** A tablet at a desk, without a pairing code yet (bulk imports: the pairing sheet gives the codes). */
export async function createUnpairedDevice(db: DB, deskId: number, name: string, now: Date): Promise<Device> {
  return insertDevice(db, {
    deskId,
    name,
    tokenHash: sha256Hex(newDeviceToken()),
    createdAt: now.toISOString(),
  });
}

/** Spends a pairing code; returns the device's new token, or null when the code is not usable. */
export async function pairWithCode(
  db: DB,
  secret: string,
  code: string,
  now: Date
): Promise<{ deviceId: number; token: string } | null> {
  if (!PAIRING_CODE_PATTERN.test(code)) return null;
  const token = newDeviceToken();
  const deviceId = await claimPairingCode(db, pairingCodeHash(secret, code), sha256Hex(token), now.toISOString());
  return deviceId === undefined ? null : { deviceId, token };
}

export type DeviceAuth =
  { ok: true; device: DeviceIdentity } | { ok: false; reason: "missing" | "unknown" | "revoked" };

export async function authenticateDevice(db: DB, token: string | null | undefined): Promise<DeviceAuth> {
  if (!token) return { ok: false, reason: "missing" };
  if (token.length > 200) return { ok: false, reason: "unknown" };
  const device = await findDeviceByTokenHash(db, sha256Hex(token));
  if (!device) return { ok: false, reason: "unknown" };
  if (device.revoked) return { ok: false, reason: "revoked" };
  return { ok: true, device };
}

export function pairingUrl(baseUrl: string, code: string): string {
  return `${baseUrl}/kiosk/pair?code=${code}`;
}

/**
 * Notes that a device was heard from, without a write on every request;
 * returns the identity as it now stands. (The ingest API notes it in its
 * write transaction instead: app/ingest/commit-queue.server.ts.)
 */
export async function recordDeviceContact(db: DB, device: DeviceIdentity, now: Date): Promise<DeviceIdentity> {
  if (!contactIsStale(device, now)) return device;
  const at = now.toISOString();
  await touchDevice(db, device.deviceId, at);
  return { ...device, lastSeenAt: at };
}
