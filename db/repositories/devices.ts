import type { Kysely } from "kysely";
import { compiledQuery } from "../compiled";
import { searchKey } from "~/utils/search-key";
import type { Database, DeviceRow, UnitLevel } from "../schema";

type Db = Kysely<Database>;

/** A tablet at a desk, with its last status report. */
export interface Device {
  id: number;
  deskId: number;
  name: string;
  /** sha256 of the bearer token; the token itself is never stored. */
  tokenHash: string;
  pairingCodeHash: string | null;
  pairingExpiresAt: string | null;
  lastSeenAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  statusAt: string | null;
  pendingCount: number;
  oldestPendingAt: string | null;
  appVersion: string | null;
  heldCount: number;
  /** The answers set aside on the tablet, with the server's reasons, parsed; [] when none. */
  heldItems: unknown[];
}

export type NewDevice = Pick<Device, "deskId" | "name" | "tokenHash" | "createdAt"> &
  Partial<Pick<Device, "pairingCodeHash" | "pairingExpiresAt" | "lastSeenAt">>;

function toDevice(r: DeviceRow): Device {
  return {
    id: r.id,
    deskId: r.desk_id,
    name: r.name,
    tokenHash: r.token_hash,
    pairingCodeHash: r.pairing_code_hash,
    pairingExpiresAt: r.pairing_expires_at,
    lastSeenAt: r.last_seen_at,
    revokedAt: r.revoked_at,
    createdAt: r.created_at,
    statusAt: r.status_at,
    pendingCount: r.pending_count,
    oldestPendingAt: r.oldest_pending_at,
    appVersion: r.app_version,
    heldCount: r.held_count,
    heldItems: r.held_items ? (JSON.parse(r.held_items) as unknown[]) : [],
  };
}

export async function insertDevice(db: Db, device: NewDevice): Promise<Device> {
  const row = await db
    .insertInto("devices")
    .values({
      desk_id: device.deskId,
      name: device.name,
      token_hash: device.tokenHash,
      created_at: device.createdAt,
      pairing_code_hash: device.pairingCodeHash,
      pairing_expires_at: device.pairingExpiresAt,
      last_seen_at: device.lastSeenAt,
      search_key: searchKey(device.name),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDevice(row);
}

/** A device's desk and unit, as both queries below name them. */
const DESK_AND_UNIT = [
  "desks.id as deskId",
  "desks.code as deskCode",
  "desks.name as deskName",
  "units.id as unitId",
  "units.code as unitCode",
  "units.name as unitName",
] as const;

/** The desk and unit a device belongs to, as DESK_AND_UNIT selects them. */
export interface DeviceDeskAndUnit {
  deskId: number;
  deskCode: string;
  deskName: string;
  unitId: number;
  unitCode: string;
  unitName: string;
}

/** What a request authenticated by a device token may act as. */
export interface DeviceIdentity extends DeviceDeskAndUnit {
  deviceId: number;
  deviceName: string;
  revoked: boolean;
  lastSeenAt: string | null;
  unitLevel: UnitLevel;
}

// Every API request and kiosk page looks its device up: compiled once, and
// without LIMIT (token_hash is unique; see db/compiled.ts on bound LIMITs).
const selectDeviceByTokenHash = compiledQuery((db: Db, tokenHash: string) =>
  db
    .selectFrom("devices")
    .innerJoin("desks", "desks.id", "devices.desk_id")
    .innerJoin("units", "units.id", "desks.unit_id")
    .select([
      "devices.id as deviceId",
      "devices.name as deviceName",
      "devices.revoked_at as revokedAt",
      "devices.last_seen_at as lastSeenAt",
      ...DESK_AND_UNIT,
      "units.level as unitLevel",
    ])
    .where("devices.token_hash", "=", tokenHash)
);

export async function findDeviceByTokenHash(db: Db, tokenHash: string): Promise<DeviceIdentity | undefined> {
  const [row] = await selectDeviceByTokenHash(db, tokenHash);
  if (!row) return undefined;
  const { revokedAt, ...rest } = row;
  return { ...rest, revoked: revokedAt !== null };
}

export async function touchDevice(db: Db, deviceId: number, at: string): Promise<void> {
  await db.updateTable("devices").set({ last_seen_at: at }).where("id", "=", deviceId).execute();
}

/** Whether an unexpired pairing code with this hash is outstanding on some device. */
export async function pairingCodeOutstanding(db: Db, codeHash: string, now: string): Promise<boolean> {
  const row = await db
    .selectFrom("devices")
    .select("id")
    .where("pairing_code_hash", "=", codeHash)
    .where("pairing_expires_at", ">", now)
    .executeTakeFirst();
  return row !== undefined;
}

/** The first device of a desk that is not revoked. */
export async function findActiveDeviceOfDesk(db: Db, deskId: number): Promise<{ id: number } | undefined> {
  return db
    .selectFrom("devices")
    .select("id")
    .where("desk_id", "=", deskId)
    .where("revoked_at", "is", null)
    .orderBy("id")
    .executeTakeFirst();
}

export async function setPairingCode(db: Db, deviceId: number, codeHash: string, expiresAt: string): Promise<void> {
  await db
    .updateTable("devices")
    .set({ pairing_code_hash: codeHash, pairing_expires_at: expiresAt })
    .where("id", "=", deviceId)
    .execute();
}

/**
 * Uses a pairing code once: if it is outstanding and unexpired on a device that
 * is not revoked, the device gets a new token hash and the code is spent.
 * Returns the device id, or undefined when the code is not usable. A single
 * conditional UPDATE, so two tablets racing with one code cannot both win.
 */
export async function claimPairingCode(
  db: Db,
  codeHash: string,
  newTokenHash: string,
  now: string
): Promise<number | undefined> {
  const row = await db
    .updateTable("devices")
    .set({ token_hash: newTokenHash, pairing_code_hash: null, pairing_expires_at: null, last_seen_at: now })
    .where("pairing_code_hash", "=", codeHash)
    .where("pairing_expires_at", ">", now)
    .where("revoked_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

/** What a kiosk reported about its outbox (app/devices/status.server.ts). */
export interface DeviceStatusReport {
  at: string;
  pending: number;
  oldestPendingAt: string | null;
  appVersion: string | null;
  heldCount: number;
  /** The answers set aside, with the server's reasons (stored as JSON). */
  heldItems: readonly unknown[];
}

/** Stores a status report; a report is also a contact. */
export async function recordDeviceStatus(db: Db, deviceId: number, report: DeviceStatusReport): Promise<void> {
  await db
    .updateTable("devices")
    .set({
      status_at: report.at,
      last_seen_at: report.at,
      pending_count: report.pending,
      oldest_pending_at: report.oldestPendingAt,
      app_version: report.appVersion,
      held_count: report.heldCount,
      held_items: report.heldItems.length > 0 ? JSON.stringify(report.heldItems) : null,
    })
    .where("id", "=", deviceId)
    .execute();
}

/** A tablet as the administration pages list it, with its last status report. */
export interface DeviceListing
  extends
    DeviceDeskAndUnit,
    Pick<
      Device,
      | "id"
      | "name"
      | "lastSeenAt"
      | "pairingExpiresAt"
      | "revokedAt"
      | "createdAt"
      | "statusAt"
      | "pendingCount"
      | "oldestPendingAt"
      | "appVersion"
      | "heldCount"
      | "heldItems"
    > {}

/** A DeviceListing's columns, on devices joined to their desks and units. */
export const DEVICE_LISTING_COLUMNS = [
  "devices.id",
  "devices.name",
  ...DESK_AND_UNIT,
  "devices.last_seen_at as lastSeenAt",
  "devices.pairing_expires_at as pairingExpiresAt",
  "devices.revoked_at as revokedAt",
  "devices.created_at as createdAt",
  "devices.status_at as statusAt",
  "devices.pending_count as pendingCount",
  "devices.oldest_pending_at as oldestPendingAt",
  "devices.app_version as appVersion",
  "devices.held_count as heldCount",
  "devices.held_items as heldItems",
] as const;

/** A listing as selected, its held answers still JSON text. */
export type DeviceListingRow = Omit<DeviceListing, "heldItems"> & { heldItems: string | null };

/** Parses the JSON column of a selected listing. */
export function deviceListingOf(row: DeviceListingRow): DeviceListing {
  return { ...row, heldItems: row.heldItems ? (JSON.parse(row.heldItems) as unknown[]) : [] };
}

function deviceListingQuery(db: Db) {
  return db
    .selectFrom("devices")
    .innerJoin("desks", "desks.id", "devices.desk_id")
    .innerJoin("units", "units.id", "desks.unit_id")
    .select(DEVICE_LISTING_COLUMNS);
}

/** Tablets with their desk and unit, optionally only those at desks of some units (a scope). */
export async function listDevices(db: Db, filter: { unitIds?: readonly number[] } = {}): Promise<DeviceListing[]> {
  if (filter.unitIds?.length === 0) return [];
  let q = deviceListingQuery(db);
  if (filter.unitIds) q = q.where("desks.unit_id", "in", filter.unitIds);
  const rows = await q.orderBy("units.code").orderBy("desks.code").orderBy("devices.id").execute();
  return rows.map(deviceListingOf);
}

export async function findDeviceListing(db: Db, id: number): Promise<DeviceListing | undefined> {
  const row = await deviceListingQuery(db).where("devices.id", "=", id).executeTakeFirst();
  return row && deviceListingOf(row);
}

/** Revokes a tablet at once: its token and any outstanding pairing code stop working. */
export async function revokeDevice(db: Db, id: number, at: string): Promise<void> {
  await db
    .updateTable("devices")
    .set({ revoked_at: at, pairing_code_hash: null, pairing_expires_at: null })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .execute();
}
