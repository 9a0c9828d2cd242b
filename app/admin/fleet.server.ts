/**
 * The fleet view for a province's IT staff (/admin/fleet): how many tablets
 * of the scope are online, stale, switched off or never activated right now
 * (app/domain/device-status.ts), how many hold answers waiting or refused,
 * which app versions they run (each kiosk reports its version with its
 * status: app/devices/status.server.ts), the same counts by unit a page at a
 * time, and the tablets to check — stale or holding refused answers — each
 * linking to its desk. Revoked tablets are left out. Counting is pure
 * (`fleetSummary`); the rows come from one repository query.
 */
import { z } from "zod";
import { type DeviceListing, listDevices } from "~db/repositories/devices";
import type { AppContext } from "~/context";
import { officeHours } from "~/devices/status.server";
import { type OfficeHours, deviceState } from "~/domain/device-status";
import { MANAGERS, requireStaff } from "./access.server";

export const FLEET_UNITS_PER_PAGE = 50;
export const FLEET_ATTENTION_ROWS = 50;

export type FleetState = "online" | "stale" | "offline" | "never";

export interface FleetCounts {
  total: number;
  online: number;
  stale: number;
  offline: number;
  never: number;
  /** Tablets with answers waiting to be sent, and how many answers. */
  pending: number;
  pendingAnswers: number;
  /** Tablets holding answers the server refused. */
  held: number;
}

export interface FleetUnitRow extends FleetCounts {
  unitId: number;
  unitCode: string;
  unitName: string;
}

export interface AttentionRow {
  deviceId: number;
  deviceName: string;
  deskId: number;
  deskName: string;
  unitName: string;
  state: FleetState;
  lastSeenAt: string | null;
  pending: number;
  held: number;
  appVersion: string | null;
}

const empty = (): FleetCounts => ({
  total: 0,
  online: 0,
  stale: 0,
  offline: 0,
  never: 0,
  pending: 0,
  pendingAnswers: 0,
  held: 0,
});

function stateOf(d: DeviceListing, now: Date, hours: OfficeHours): FleetState {
  if (!d.lastSeenAt) return "never";
  return deviceState(new Date(d.lastSeenAt), now, hours);
}

function add(c: FleetCounts, state: FleetState, d: DeviceListing) {
  c.total++;
  c[state]++;
  if (d.pendingCount > 0) {
    c.pending++;
    c.pendingAnswers += d.pendingCount;
  }
  if (d.heldCount > 0) c.held++;
}

/** Counts over the tablets that are not revoked: overall, by unit (most stale first), by version, and those to check. */
export function fleetSummary(devices: readonly DeviceListing[], now: Date, hours: OfficeHours) {
  const totals = empty();
  const byUnit = new Map<number, FleetUnitRow>();
  const versions = new Map<string, number>();
  const attention: AttentionRow[] = [];
  for (const d of devices) {
    if (d.revokedAt) continue;
    const state = stateOf(d, now, hours);
    add(totals, state, d);
    let unit = byUnit.get(d.unitId);
    if (!unit) {
      unit = { unitId: d.unitId, unitCode: d.unitCode, unitName: d.unitName, ...empty() };
      byUnit.set(d.unitId, unit);
    }
    add(unit, state, d);
    const version = d.appVersion ?? "";
    versions.set(version, (versions.get(version) ?? 0) + 1);
    if (state === "stale" || d.heldCount > 0) {
      attention.push({
        deviceId: d.id,
        deviceName: d.name,
        deskId: d.deskId,
        deskName: d.deskName,
        unitName: d.unitName,
        state,
        lastSeenAt: d.lastSeenAt,
        pending: d.pendingCount,
        held: d.heldCount,
        appVersion: d.appVersion,
      });
    }
  }
  const units = [...byUnit.values()].sort(
    (a, b) => b.stale - a.stale || b.held - a.held || a.unitCode.localeCompare(b.unitCode)
  );
  // Longest silent first; refused answers on a live tablet after.
  attention.sort((a, b) => (a.lastSeenAt ?? "").localeCompare(b.lastSeenAt ?? "") || a.deviceId - b.deviceId);
  return {
    totals,
    units,
    versions: [...versions.entries()]
      .map(([version, tablets]) => ({ version: version || null, tablets }))
      .sort((a, b) => b.tablets - a.tablets || (a.version ?? "").localeCompare(b.version ?? "")),
    attention,
  };
}

const pageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

export async function loadFleet(app: AppContext, request: Request) {
  const staff = await requireStaff(app, request, MANAGERS);
  const now = app.now();
  const [devices, hours] = await Promise.all([
    listDevices(app.db, { unitIds: staff.scope.unitIds }),
    officeHours(app.db),
  ]);
  const summary = fleetSummary(devices, now, hours);
  const pages = Math.max(1, Math.ceil(summary.units.length / FLEET_UNITS_PER_PAGE));
  const page = Math.min(pageSchema.parse(new URL(request.url).searchParams.get("page") ?? "1"), pages);
  return {
    now: now.toISOString(),
    totals: summary.totals,
    versions: summary.versions,
    units: summary.units.slice((page - 1) * FLEET_UNITS_PER_PAGE, page * FLEET_UNITS_PER_PAGE),
    page,
    pages,
    attention: summary.attention.slice(0, FLEET_ATTENTION_ROWS),
    moreAttention: Math.max(0, summary.attention.length - FLEET_ATTENTION_ROWS),
  };
}
