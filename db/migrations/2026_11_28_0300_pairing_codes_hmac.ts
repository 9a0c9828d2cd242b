/**
 * Pairing codes are now stored as an HMAC under the server secret instead of
 * a bare SHA-256 (app/devices/devices.server.ts). A code outstanding from
 * before cannot be checked any more, and the SQL here cannot recompute it
 * without the secret: such codes (10 minutes' life at most) are withdrawn, so
 * that no page shows a code as valid that no longer works. The administrator
 * issues a new one. Frozen once shipped.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db
    .updateTable("devices")
    .set({ pairing_code_hash: null, pairing_expires_at: null })
    .where("pairing_code_hash", "is not", null)
    .execute();
}

export async function down(): Promise<void> {
  // Withdrawn codes stay withdrawn: their SHA-256 is gone.
}
