/**
 * Tablets (devices) for administrators: create one at a desk and show its
 * one-time pairing code with a link and QR code; issue a new code; revoke at
 * once. Pairing itself is app/devices/ (the tablet's side, /kiosk/pair).
 */
import QRCode from "qrcode";
import { z } from "zod";
import type { DB } from "~db/connection";
import { findDeskById } from "~db/repositories/desks";
import { type DeviceListing, findDeviceListing, revokeDevice } from "~db/repositories/devices";
import {
  type DeviceListFilter,
  type DeviceListState,
  type DeviceSort,
  pageDesks,
  pageDevices,
} from "~db/repositories/list-pages";
import type { AppContext } from "~/context";
import { SHEET_CODE_DIGITS, createDevice, issuePairingCode, pairingUrl } from "~/devices/devices.server";
import { type DeviceStatusView, officeHours, toStatusView } from "~/devices/status.server";
import { type OfficeHours, deviceStateBounds } from "~/domain/device-status";
import { MANAGERS, type Staff, actorOf, notFound, requireStaff } from "./access.server";
import { recordAudit } from "~db/repositories/audit";
import { type ActionResult, badIntent, done, readForm, reject, runForm } from "./forms.server";
import { name, requiredId } from "./schemas.server";
import {
  FORM_OPTIONS_MAX,
  HEAVY_PAGE_SIZES,
  listCsv,
  listView,
  parseChoice,
  parseListParams,
  unitFilter,
} from "./list-query.server";

export type TabletState = "paired" | "awaiting" | "code_expired" | "revoked";

/** A tablet with its state and status; the table shows a TabletRowView of it. */
export interface TabletRow extends DeviceListing {
  state: TabletState;
  /** A pairing code is outstanding (shown once when issued; only its expiry is known now). */
  codeOutstanding: boolean;
  /** online / offline / stale and what waits on the tablet (issue 5's status reports). */
  status: DeviceStatusView;
}

/**
 * What the tablets table (app/components/admin/tablet-table.tsx) shows of a
 * row, and all a page carries of it, so a page of tablets stays light (ADR 058).
 * A new column adds its field here.
 */
export type TabletRowView = Pick<
  TabletRow,
  "id" | "name" | "deskCode" | "deskName" | "unitName" | "state" | "codeOutstanding" | "pairingExpiresAt" | "lastSeenAt"
> & {
  status: Pick<
    DeviceStatusView,
    "state" | "revoked" | "lastSeenAt" | "pending" | "oldestPendingAt" | "heldCount" | "appVersion"
  >;
};

export function tabletView(r: TabletRow): TabletRowView {
  const s = r.status;
  return {
    id: r.id,
    name: r.name,
    deskCode: r.deskCode,
    deskName: r.deskName,
    unitName: r.unitName,
    state: r.state,
    codeOutstanding: r.codeOutstanding,
    pairingExpiresAt: r.codeOutstanding ? r.pairingExpiresAt : null,
    lastSeenAt: r.lastSeenAt,
    status: {
      state: s.state,
      revoked: s.revoked,
      lastSeenAt: s.lastSeenAt,
      pending: s.pending,
      oldestPendingAt: s.oldestPendingAt,
      heldCount: s.heldCount,
      appVersion: s.appVersion,
    },
  };
}

export function tabletState(d: DeviceListing, now: Date, hours: OfficeHours): TabletRow {
  const codeOutstanding = d.pairingExpiresAt !== null && Date.parse(d.pairingExpiresAt) > now.getTime();
  const state: TabletState = d.revokedAt
    ? "revoked"
    : d.lastSeenAt
      ? "paired"
      : codeOutstanding
        ? "awaiting"
        : "code_expired";
  return { ...d, state, codeOutstanding: codeOutstanding && state !== "revoked", status: toStatusView(d, now, hours) };
}

export const TABLET_SORTS = ["unit", "name", "last_seen"] as const satisfies readonly DeviceSort[];
export const TABLET_LIST_STATES = [
  "online",
  "stale",
  "offline",
  "never",
  "revoked",
] as const satisfies readonly DeviceListState[];

/** The tablets list's filter from the URL (400 on a value the page does not offer), in the staff member's scope. */
async function tabletFilter(app: AppContext, staff: Staff, request: Request) {
  const url = new URL(request.url);
  const params = parseListParams(url, TABLET_SORTS, { sizes: HEAVY_PAGE_SIZES });
  const state = parseChoice(url, "state", TABLET_LIST_STATES);
  const { unitIds, picker } = await unitFilter(app, staff, params);
  const now = app.now();
  const hours = await officeHours(app.db);
  const bounds = deviceStateBounds(now, hours);
  const filter: DeviceListFilter = {
    unitIds,
    state,
    q: params.q,
    onlineSince: bounds.onlineSince.toISOString(),
    // No working days: nothing is stale (an instant before any contact).
    staleUpTo: bounds.staleUpTo?.toISOString() ?? "",
  };
  return { params, state, picker, filter, now, hours };
}

export async function loadTablets(app: AppContext, request: Request) {
  const staff = await requireStaff(app, request, MANAGERS);
  const { params, state, picker, filter, now, hours } = await tabletFilter(app, staff, request);
  const [page, desks] = await Promise.all([
    pageDevices(app.db, filter, params),
    // The create form's desks: those of the chosen unit, else of the scope, while they are few.
    pageDesks(
      app.db,
      { unitIds: filter.unitIds, active: true },
      { sort: "unit", dir: "asc", page: 1, size: FORM_OPTIONS_MAX + 1 }
    ),
  ]);
  return {
    tablets: page.rows.map((d) => tabletView(tabletState(d, now, hours))),
    list: listView(params, TABLET_SORTS, page),
    state: state ?? null,
    states: TABLET_LIST_STATES,
    picker,
    desks:
      desks.total > FORM_OPTIONS_MAX
        ? []
        : desks.rows.map((d) => ({ id: d.id, code: d.code, name: d.name, unit: d.unitName })),
    /** Too many desks to offer: the form asks for a unit to be chosen in the filter first. */
    desksNarrowed: desks.total > FORM_OPTIONS_MAX,
  };
}

/** Every tablet of the filter, as CSV. */
export async function tabletsCsv(app: AppContext, request: Request): Promise<Response> {
  const staff = await requireStaff(app, request, MANAGERS);
  const { params, filter, now, hours } = await tabletFilter(app, staff, request);
  const t = staff.t;
  return listCsv(
    "may-tinh-bang.csv",
    [
      t("admin:tablets.name"),
      t("admin:tablets.desk_code"),
      t("admin:tablets.desk"),
      t("admin:tablets.unit_code"),
      t("admin:tablets.unit"),
      t("admin:tablets.state"),
      t("admin:tablets.status"),
      t("admin:tablets.last_seen"),
      t("admin:tablets.pending"),
      t("admin:tablets.app_version"),
    ],
    params,
    (req) => pageDevices(app.db, filter, req),
    (d) => {
      const row = tabletState(d, now, hours);
      return [
        d.name,
        d.deskCode,
        d.deskName,
        d.unitCode,
        d.unitName,
        t(`admin:tablets.states.${row.state}`),
        row.state === "revoked" ? null : t(`admin:tablets.list_states.${row.status.state}`),
        d.lastSeenAt,
        d.pendingCount,
        d.appVersion,
      ];
    }
  );
}

/** What the page shows once after a code is issued: the code, its link as text and as a QR code. */
export interface IssuedCode {
  deviceId: number;
  deviceName: string;
  deskName: string;
  code: string;
  expiresAt: string;
  url: string;
  /** An SVG image as a data: URL (images are allowed by the CSP; inline styles are not). */
  qr: string;
}

async function issued(device: DeviceListing, code: string, expiresAt: string, baseUrl: string): Promise<IssuedCode> {
  const url = pairingUrl(baseUrl, code);
  const svg = await QRCode.toString(url, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return {
    deviceId: device.id,
    deviceName: device.name,
    deskName: device.deskName,
    code,
    expiresAt,
    url,
    qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
  };
}

/** A tablet in the staff member's scope, or 404 (its existence does not leak). */
async function tabletInScope(db: DB, staff: Staff, id: number): Promise<DeviceListing> {
  const device = await findDeviceListing(db, id);
  if (!device || !staff.scope.has(device.unitId)) notFound();
  return device;
}

const createSchema = z.object({ desk: requiredId, name });
const deviceSchema = z.object({ device: requiredId });

export async function createTablet(
  db: DB,
  secret: string,
  staff: Staff,
  now: Date,
  input: z.output<typeof createSchema>
): Promise<{ device: DeviceListing; code: string; expiresAt: string }> {
  const desk = await findDeskById(db, input.desk);
  if (!desk || !staff.scope.has(desk.unitId)) reject("desk", "desk_not_found");
  if (!desk.active) reject("desk", "desk_inactive");
  return db.transaction().execute(async (trx) => {
    const created = await createDevice(trx, secret, { deskCode: desk.code, name: input.name }, now);
    const device = (await findDeviceListing(trx, created.deviceId))!;
    await recordAudit(trx, actorOf(staff), now, {
      action: "create",
      entity: "device",
      entityId: device.id,
      unitId: device.unitId,
      after: { name: device.name, desk: device.deskCode, pairing_expires_at: created.pairing.expiresAt },
    });
    return { device, code: created.pairing.code, expiresAt: created.pairing.expiresAt };
  });
}

/**
 * Issues a tablet a new pairing code and audits it; `sheet`, a code printed
 * on the pairing sheet (longer, valid for `hours`).
 */
export async function issueAuditedPairingCode(
  trx: DB,
  secret: string,
  staff: Staff,
  now: Date,
  device: Pick<DeviceListing, "id" | "unitId" | "pairingExpiresAt">,
  sheet?: { hours: number }
) {
  const pairing = await issuePairingCode(
    trx,
    secret,
    device.id,
    now,
    sheet ? { ttlMs: sheet.hours * 3_600_000, digits: SHEET_CODE_DIGITS } : undefined
  );
  await recordAudit(trx, actorOf(staff), now, {
    action: "pairing_code",
    entity: "device",
    entityId: device.id,
    unitId: device.unitId,
    before: { pairing_expires_at: device.pairingExpiresAt },
    after: sheet ? { pairing_expires_at: pairing.expiresAt, sheet: true } : { pairing_expires_at: pairing.expiresAt },
  });
  return pairing;
}

export async function newPairingCode(db: DB, secret: string, staff: Staff, now: Date, deviceId: number) {
  const device = await tabletInScope(db, staff, deviceId);
  if (device.revokedAt) reject("device", "tablet_revoked");
  return db.transaction().execute(async (trx) => {
    const pairing = await issueAuditedPairingCode(trx, secret, staff, now, device);
    return { device, code: pairing.code, expiresAt: pairing.expiresAt };
  });
}

export async function revokeTablet(db: DB, staff: Staff, now: Date, deviceId: number): Promise<void> {
  const device = await tabletInScope(db, staff, deviceId);
  if (device.revokedAt) return;
  await db.transaction().execute(async (trx) => {
    await revokeDevice(trx, device.id, now.toISOString());
    await recordAudit(trx, actorOf(staff), now, {
      action: "revoke",
      entity: "device",
      entityId: device.id,
      unitId: device.unitId,
      before: { revoked_at: null },
      after: { revoked_at: now.toISOString() },
    });
  });
}

export async function tabletsAction(app: AppContext, request: Request): Promise<ActionResult<{ issued?: IssuedCode }>> {
  const staff = await requireStaff(app, request, MANAGERS);
  const { intent, values } = await readForm(request);
  const now = app.now();
  const baseUrl = app.config.publicUrl ?? new URL(request.url).origin;
  switch (intent) {
    case "create":
      return runForm(staff.t, "create", values, createSchema, async (input) => {
        const { device, code, expiresAt } = await createTablet(app.db, app.config.sessionSecret, staff, now, input);
        return { status: 200, body: { issued: await issued(device, code, expiresAt, baseUrl) } };
      });
    case "pairing_code":
      return runForm(staff.t, `device-${values.device}`, values, deviceSchema, async (input) => {
        const { device, code, expiresAt } = await newPairingCode(
          app.db,
          app.config.sessionSecret,
          staff,
          now,
          input.device
        );
        return { status: 200, body: { issued: await issued(device, code, expiresAt, baseUrl) } };
      });
    case "revoke":
      return runForm(staff.t, `device-${values.device}`, values, deviceSchema, async (input) => {
        await revokeTablet(app.db, staff, now, input.device);
        done("/admin/devices", "tablet_revoked");
      });
    default:
      return badIntent(staff.t);
  }
}
