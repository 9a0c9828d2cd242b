/**
 * Device status: each kiosk tells the server, on every sync and every minute,
 * how many answers wait on it, how old the oldest is, which answers the server
 * refused (set aside on the tablet, with their reasons) and which version it
 * runs. Administrators see it with online / offline / stale
 * (app/domain/device-status.ts; component: app/components/device-status.tsx).
 */
import { z } from "zod";
import type { DB } from "~db/connection";
import { type DeviceIdentity, type DeviceListing, listDevices, recordDeviceStatus } from "~db/repositories/devices";
import { SETTING_KEYS, getSetting } from "~db/repositories/settings";
import { scopeUnitIds } from "~/auth/authorize.server";
import type { CurrentUser } from "~/auth/session.server";
import type { AppContext } from "~/context";
import {
  DEFAULT_OFFICE_HOURS,
  type DeviceState,
  MAX_HELD_REPORTED,
  type OfficeHours,
  deviceState,
  officeHoursFromSetting,
} from "~/domain/device-status";
import { type Validated, validate } from "~/utils/problems";

const heldSchema = z.object({
  id: z.string().max(100),
  status: z.enum(["invalid", "conflict"]),
  errors: z
    .array(z.object({ field: z.string().max(200), message: z.string().max(1000) }))
    .max(50)
    .optional(),
  /** The answer as the tablet holds it, so it is not lost with the tablet. */
  item: z.unknown().optional(),
});

export const statusSchema = z.strictObject({
  pending: z.number().int().min(0).max(10_000_000),
  oldestPendingAgeSeconds: z
    .number()
    .min(0)
    .max(10 * 366 * 86_400)
    .nullish(),
  appVersion: z.string().max(100).nullish(),
  heldCount: z.number().int().min(0).max(10_000_000).optional(),
  held: z.array(heldSchema).max(MAX_HELD_REPORTED).optional(),
});

export type StatusReport = z.output<typeof statusSchema>;
export type HeldAnswer = z.output<typeof heldSchema>;

/** Validates and stores a kiosk's report, timed by the server's clock. */
export async function recordStatus(
  app: AppContext,
  device: DeviceIdentity,
  input: unknown,
  now: Date
): Promise<Validated<StatusReport>> {
  const parsed = validate(statusSchema, input);
  if (!parsed.ok) return parsed;
  const r = parsed.data;
  const held = r.held ?? [];
  await recordDeviceStatus(app.db, device.deviceId, {
    at: now.toISOString(),
    pending: r.pending,
    oldestPendingAt:
      r.pending > 0 && r.oldestPendingAgeSeconds != null
        ? new Date(now.getTime() - r.oldestPendingAgeSeconds * 1000).toISOString()
        : null,
    appVersion: r.appVersion ?? null,
    heldCount: Math.max(r.heldCount ?? 0, held.length),
    heldItems: held,
  });
  return parsed;
}

export interface DeviceStatusView {
  deviceId: number;
  deviceName: string;
  deskCode: string;
  deskName: string;
  unitName: string;
  state: DeviceState;
  revoked: boolean;
  lastSeenAt: string | null;
  /** Answers waiting on the tablet at its last report. */
  pending: number;
  oldestPendingAt: string | null;
  heldCount: number;
  held: HeldAnswer[];
  appVersion: string | null;
  statusAt: string | null;
}

export function toStatusView(row: DeviceListing, now: Date, hours = DEFAULT_OFFICE_HOURS): DeviceStatusView {
  return {
    deviceId: row.id,
    deviceName: row.name,
    deskCode: row.deskCode,
    deskName: row.deskName,
    unitName: row.unitName,
    state: deviceState(row.lastSeenAt ? new Date(row.lastSeenAt) : null, now, hours),
    revoked: row.revokedAt !== null,
    lastSeenAt: row.lastSeenAt,
    pending: row.pendingCount,
    oldestPendingAt: row.pendingCount > 0 ? row.oldestPendingAt : null,
    heldCount: row.heldCount,
    held: row.heldItems as HeldAnswer[],
    appVersion: row.appVersion,
    statusAt: row.statusAt,
  };
}

/** The desks' office hours (setting `office_hours`), which decide when silence makes a tablet stale. */
export async function officeHours(db: DB): Promise<OfficeHours> {
  return officeHoursFromSetting(await getSetting(db, SETTING_KEYS.officeHours));
}

/** The tablets in the user's scope with their status. */
export async function deviceStatuses(app: AppContext, user: CurrentUser): Promise<DeviceStatusView[]> {
  const [rows, hours] = await Promise.all([
    scopeUnitIds(app, user).then((unitIds) => listDevices(app.db, { unitIds })),
    officeHours(app.db),
  ]);
  const now = app.now();
  return rows.map((row) => toStatusView(row, now, hours));
}
