/**
 * Systems: the province's one-stop system (Hệ thống thông tin giải quyết
 * TTHC) or any integration that reports dossiers. A system holds a 128-bit
 * bearer token, of which only the sha256 is stored; the token is shown once,
 * at creation. A system token opens the dossier API and nothing else (ADR 052).
 */
import type { DB } from "~db/connection";
import { recordAudit } from "~db/repositories/audit";
import {
  type SystemListing,
  findSystem,
  findSystemByTokenHash,
  insertSystem,
  revokeSystem as revokeSystemRow,
  touchSystem,
} from "~db/repositories/systems";
import type { Actor } from "~/domain/audit";
import { randomToken, sha256Hex } from "~/utils/crypto.server";

export const SYSTEM_NAME_MAX = 100;
/** Tokens of systems start so, those of tablets with `hl_`: a token pasted in the wrong place is recognisable. */
const SYSTEM_TOKEN_PREFIX = "hls_";
/** last_seen_at is written at most this often per system. */
const TOUCH_EVERY_MS = 60_000;

export interface CreatedSystem {
  id: number;
  name: string;
  token: string;
  createdAt: string;
}

export async function createSystem(db: DB, actor: Actor, now: Date, name: string): Promise<CreatedSystem> {
  const token = `${SYSTEM_TOKEN_PREFIX}${randomToken(16)}`;
  return db.transaction().execute(async (trx) => {
    const system = await insertSystem(trx, { name, tokenHash: sha256Hex(token), createdAt: now.toISOString() });
    // The token is never written to the audit log.
    await recordAudit(trx, actor, now, {
      action: "create",
      entity: "system",
      entityId: system.id,
      unitId: null,
      after: { name: system.name },
    });
    return { id: system.id, name: system.name, token, createdAt: system.createdAt };
  });
}

/** Revokes a system at once; false when it was already revoked. */
export async function revokeSystem(db: DB, actor: Actor, now: Date, system: SystemListing): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const revoked = await revokeSystemRow(trx, system.id, now.toISOString());
    if (revoked) {
      await recordAudit(trx, actor, now, {
        action: "revoke",
        entity: "system",
        entityId: system.id,
        unitId: null,
        before: { name: system.name, revoked_at: null },
        after: { name: system.name, revoked_at: now.toISOString() },
      });
    }
    return revoked;
  });
}

/** The active system behind a bearer token, noting that it was heard from; undefined for any other token. */
export async function authenticateSystem(
  db: DB,
  token: string | null | undefined,
  now: Date
): Promise<SystemListing | undefined> {
  if (!token || token.length > 200 || !token.startsWith(SYSTEM_TOKEN_PREFIX)) return undefined;
  const system = await findSystemByTokenHash(db, sha256Hex(token));
  if (!system || system.revokedAt !== null) return undefined;
  const last = system.lastSeenAt ? Date.parse(system.lastSeenAt) : 0;
  if (now.getTime() - last >= TOUCH_EVERY_MS) await touchSystem(db, system.id, now.toISOString());
  return system;
}

export { findSystem };
