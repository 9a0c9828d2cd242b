/**
 * The role × route matrix: every route of the built app (from its own route
 * manifest) and every plain-Node API endpoint (app/api/routes.server.ts), for
 * a visitor, a system administrator, a province viewer, a manager of district
 * A and a commune viewer. A route or endpoint without an entry here fails the
 * test; so does an entry for a route that no longer exists. A one-stop
 * system's token opens the dossier API and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { openCases } from "~db/repositories/cases";
import { findDeskByCode } from "~db/repositories/desks";
import { CLI_ACTOR } from "~/cli/basics.server";
import { createSystem } from "~/dossiers/systems.server";
import { createOfficer } from "~/officers/officers.server";
import { createWebhook } from "~/alerts/webhooks.server";
import { API_ROUTES } from "~/api/routes.server";
import { sqliteDatabase, type TestDatabase } from "../helpers/databases";
import { createAccount, officerWithAnswers, signIn } from "../helpers/officials";
import { type RunningServer, printedAdminPassword, startServer } from "../helpers/server";

const PERSONAS = ["visitor", "admin", "provinceViewer", "districtManagerA", "communeViewer"] as const;
type Persona = (typeof PERSONAS)[number];
type Expected = Record<Persona, number>;

/** What the test looks up in the seeded demo province (code 99; district A is 991, B is 992). */
interface Ids {
  unit: (code: string) => number;
  desk: (code: string) => number;
  user: (username: string) => number;
  deviceAtDesk: (code: string) => number;
  /** The harassment case opened for a response at this unit's desk. */
  caseAt: (unitCode: string) => number;
  /** An officer by code (CB-A at 991-MC, CB-B at 992-MC). */
  officer: (code: string) => number;
  /** The webhook made before the requests (WEBHOOK_URL). */
  webhook: number;
}

interface Case {
  method: "GET" | "POST";
  path: (ids: Ids) => string;
  form?: Record<string, string> | ((ids: Ids) => Record<string, string>);
  json?: unknown;
  expect: Expected;
  /** Data that a refused answer must not contain (not a word of the interface: pages carry their translations). */
  hidden?: string;
  /** Sign in anew for this request (it ends the session). */
  fresh?: boolean;
}

const every = (status: number): Expected => ({
  visitor: status,
  admin: status,
  provinceViewer: status,
  districtManagerA: status,
  communeViewer: status,
});
/** Signed-in users get `status`; visitors are sent to sign in. */
const signedIn = (status: number): Expected => ({ ...every(status), visitor: 302 });
/** Administrators and managers; viewers are refused. */
const managers = (status: number): Expected => ({
  visitor: 302,
  admin: status,
  provinceViewer: 403,
  districtManagerA: status,
  communeViewer: 403,
});
/** As `managers`, with what the manager of district A gets where scope matters. */
const scoped = (admin: number, managerA: number): Expected => ({ ...managers(admin), districtManagerA: managerA });
/** System administrators only. */
const adminOnly = (status: number): Expected => scoped(status, 403);

const DISTRICT_B = "Huyện Thanh Bình";
/** The phones citizens left on the cases of district A's commune and of district B (ADR 048). */
const PHONE_A = "0912000101";
const PHONE_B = "0977000992";
/** An officer at district B's desk. */
const OFFICER_B = "Phạm Thị Bình";
/** The webhook's address: a port where nothing listens, and an event no case here reaches. */
const WEBHOOK_URL = "http://127.0.0.1:9/hailong-ma-tran";
/** A seeded holiday (VIETNAM_HOLIDAYS) that the administrator deletes. */
const HOLIDAY = "2027-09-03";
/** A second manager of district A, beside the persona: a peer (not a persona; nobody signs in as them). */
const PEER_MANAGER = "huyen.a.quanly2";

const MATRIX: Record<string, "layout" | Case[]> = {
  root: "layout",
  "routes/_site": "layout",
  "routes/_site.admin": "layout",
  "routes/_site._index": [{ method: "GET", path: () => "/", expect: every(200) }],
  // Every URL no other route takes: the translated "not found" page.
  "routes/_site.$": [
    { method: "GET", path: () => "/khong-co-trang-nay", expect: every(404) },
    { method: "GET", path: () => "/admin/khong-co/trang-nay", expect: every(404) },
  ],
  "routes/_site.login": [
    { method: "GET", path: () => "/login", expect: { ...every(302), visitor: 200 } },
    // Signed-in users are sent on to /admin whatever they post.
    { method: "POST", path: () => "/login", form: {}, expect: { ...every(302), visitor: 400 } },
  ],
  "routes/logout": [
    { method: "GET", path: () => "/logout", expect: every(302) },
    { method: "POST", path: () => "/logout", form: {}, expect: every(302), fresh: true },
  ],
  // The public results: off until an administrator turns them on (a 404 for everyone, signed in or not).
  "routes/cong-khai": [
    { method: "GET", path: () => "/cong-khai", expect: every(404) },
    { method: "GET", path: () => "/cong-khai?man-hinh=1", expect: every(404) },
    { method: "POST", path: () => "/cong-khai", form: {}, expect: every(405) },
  ],
  // The citizen's phone link: no sign-in, the token is the credential (a forged one: 404 for everyone).
  "routes/danh-gia.$token": [
    { method: "GET", path: () => "/danh-gia/AAAAAAAAAAAAAAAAAAAAAA", expect: every(404) },
    { method: "POST", path: () => "/danh-gia/AAAAAAAAAAAAAAAAAAAAAA", form: { intent: "send" }, expect: every(404) },
  ],
  "routes/kiosk._index": [
    { method: "GET", path: () => "/kiosk", expect: every(302) },
    { method: "POST", path: () => "/kiosk?index", form: { intent: "rate:satisfied" }, expect: every(302) },
  ],
  // The tablet's staff corner (issue 17): a paired tablet only; everyone else is sent to pairing.
  "routes/kiosk.duty": [
    { method: "GET", path: () => "/kiosk/duty", expect: every(302) },
    { method: "POST", path: () => "/kiosk/duty", form: { intent: "sign_out" }, expect: every(302) },
  ],
  "routes/kiosk.pair": [
    { method: "GET", path: () => "/kiosk/pair", expect: every(200) },
    { method: "POST", path: () => "/kiosk/pair", form: { code: "12" }, expect: every(400) },
  ],
  "routes/_site.admin._index": [{ method: "GET", path: () => "/admin", expect: signedIn(200) }],
  // Reports (issue 3): every signed-in user, within their subtree (403 for a unit outside it).
  "routes/_site.reports": [
    { method: "GET", path: () => "/reports", expect: signedIn(200) },
    { method: "GET", path: () => "/reports?unit=991", expect: { ...signedIn(200), communeViewer: 403 } },
    {
      method: "GET",
      path: () => "/reports?unit=992",
      expect: { ...signedIn(200), districtManagerA: 403, communeViewer: 403 },
      hidden: DISTRICT_B,
    },
  ],
  "routes/api.v1.reports.rates": [
    { method: "GET", path: () => "/api/v1/reports/rates", expect: { ...every(200), visitor: 401 } },
    // Results per officer (issue 17): managers and administrators only.
    {
      method: "GET",
      path: () => "/api/v1/reports/rates?by=officer",
      expect: { ...every(200), visitor: 401, provinceViewer: 403, communeViewer: 403 },
    },
    {
      method: "GET",
      path: () => "/api/v1/reports/rates?unit=992&by=unit",
      expect: { ...every(200), visitor: 401, districtManagerA: 403, communeViewer: 403 },
      hidden: DISTRICT_B,
    },
  ],
  "routes/reports.download": [
    { method: "GET", path: () => "/reports/download?format=csv", expect: signedIn(200) },
    {
      method: "GET",
      path: () => "/reports/download?format=csv&by=officer",
      expect: { ...signedIn(200), provinceViewer: 403, communeViewer: 403 },
    },
    {
      method: "GET",
      path: () => "/reports/download?format=csv&unit=992",
      expect: { ...signedIn(200), districtManagerA: 403, communeViewer: 403 },
      hidden: DISTRICT_B,
    },
  ],
  "routes/admin.export.$list": [
    { method: "GET", path: () => "/admin/export/tablets", expect: managers(200) },
    { method: "GET", path: () => "/admin/export/desks?state=active", expect: managers(200) },
    { method: "GET", path: () => "/admin/export/users?role=viewer", expect: managers(200) },
    { method: "GET", path: () => "/admin/export/units?level=commune", expect: managers(200) },
    // Another district's subtree: not found for the manager of district A, and nothing of it in the answer.
    {
      method: "GET",
      path: (i) => `/admin/export/desks?unit=${i.unit("992")}`,
      expect: scoped(200, 404),
      hidden: DISTRICT_B,
    },
    { method: "GET", path: () => "/admin/export/tablets?state=lost", expect: managers(400) },
    // The audit log, the suspects review and the officers (issue 18): the same filters as their pages.
    { method: "GET", path: () => "/admin/export/audit?action=rename&from=2026-01-01", expect: managers(200) },
    { method: "GET", path: () => "/admin/export/suspects?show=all&reason=interval", expect: managers(200) },
    { method: "GET", path: () => "/admin/export/officers?state=active", expect: managers(200) },
    {
      method: "GET",
      path: (i) => `/admin/export/audit?unit=${i.unit("992")}`,
      expect: scoped(200, 404),
      hidden: DISTRICT_B,
    },
    {
      method: "GET",
      path: (i) => `/admin/export/suspects?unit=${i.unit("992")}`,
      expect: scoped(200, 404),
      hidden: DISTRICT_B,
    },
    {
      method: "GET",
      path: (i) => `/admin/export/officers?unit=${i.unit("992")}`,
      expect: scoped(200, 404),
      hidden: OFFICER_B,
    },
    { method: "GET", path: () => "/admin/export/audit?from=2026-02-30", expect: managers(400) },
    { method: "GET", path: () => "/admin/export/suspects?show=deleted", expect: managers(400) },
    { method: "GET", path: () => "/admin/export/officers?state=gone", expect: managers(400) },
    { method: "GET", path: () => "/admin/export/responses", expect: managers(404) },
  ],
  "routes/_site.admin.units._index": [
    { method: "GET", path: () => "/admin/units", expect: managers(200) },
    { method: "GET", path: (i) => `/admin/units?unit=${i.unit("992")}`, expect: scoped(200, 404), hidden: DISTRICT_B },
    { method: "GET", path: () => "/admin/units?size=7", expect: managers(400) },
    { method: "POST", path: () => "/admin/units?index", form: { intent: "create" }, expect: managers(400) },
  ],
  "routes/_site.admin.units.$unitId": [
    { method: "GET", path: (i) => `/admin/units/${i.unit("991")}`, expect: scoped(200, 200) },
    { method: "GET", path: (i) => `/admin/units/${i.unit("992")}`, expect: scoped(200, 404), hidden: DISTRICT_B },
    { method: "GET", path: (i) => `/admin/units/${i.unit("99")}`, expect: scoped(200, 404) },
    { method: "GET", path: () => "/admin/units/999999", expect: scoped(404, 404) },
    {
      method: "POST",
      path: (i) => `/admin/units/${i.unit("992")}`,
      form: { intent: "rename", name: "" },
      expect: scoped(400, 404),
    },
    // A manager's own unit is set from above; the units below it are theirs (same name: changes nothing).
    {
      method: "POST",
      path: (i) => `/admin/units/${i.unit("991")}`,
      form: { intent: "rename", name: "Thành phố An Hòa", valid_from: "2020-01-01" },
      expect: scoped(302, 403),
    },
    {
      method: "POST",
      path: (i) => `/admin/units/${i.unit("99101")}`,
      form: { intent: "rename", name: "Phường Bắc Sơn", valid_from: "2020-01-01" },
      expect: scoped(302, 302),
    },
  ],
  "routes/_site.admin.units.import": [
    { method: "GET", path: () => "/admin/units/import", expect: managers(200) },
    { method: "POST", path: () => "/admin/units/import", form: { intent: "preview", csv: "" }, expect: managers(400) },
  ],
  // Bulk imports and the pairing sheet (issue 18): managers within their subtree.
  "routes/_site.admin.desks.import": [
    { method: "GET", path: () => "/admin/desks/import", expect: managers(200) },
    { method: "POST", path: () => "/admin/desks/import", form: { intent: "preview", csv: "" }, expect: managers(400) },
    {
      method: "POST",
      path: () => "/admin/desks/import",
      form: { intent: "apply", csv: "99201,99201-MX,Quầy mới" },
      expect: scoped(302, 400),
    },
  ],
  "routes/_site.admin.devices_.import": [
    { method: "GET", path: () => "/admin/devices/import", expect: managers(200) },
    {
      method: "POST",
      path: () => "/admin/devices/import",
      form: { intent: "preview", csv: "" },
      expect: managers(400),
    },
    {
      method: "POST",
      path: () => "/admin/devices/import",
      form: { intent: "apply", csv: "992-MC,Máy nhập thử" },
      expect: scoped(200, 400),
    },
  ],
  "routes/_site.admin.devices_.pairing-sheet": [
    { method: "GET", path: () => "/admin/devices/pairing-sheet", expect: managers(302) },
    {
      method: "POST",
      path: () => "/admin/devices/pairing-sheet",
      form: (i) => ({ devices: String(i.deviceAtDesk("992-MC")), hours: "24" }),
      expect: scoped(200, 404),
    },
    {
      method: "POST",
      path: () => "/admin/devices/pairing-sheet",
      form: { devices: "x", hours: "24" },
      expect: managers(400),
    },
  ],
  "routes/_site.admin.users.import": [
    { method: "GET", path: () => "/admin/users/import", expect: managers(200) },
    { method: "POST", path: () => "/admin/users/import", form: { intent: "preview", csv: "" }, expect: managers(400) },
    {
      method: "POST",
      path: () => "/admin/users/import",
      form: { intent: "apply", csv: "nhap.thu;viewer;992;" },
      expect: scoped(200, 400),
    },
  ],
  // The first-run wizard (issue 18): system administrators only.
  "routes/_site.admin.setup": [
    { method: "GET", path: () => "/admin/setup", expect: adminOnly(200) },
    { method: "GET", path: () => "/admin/setup?step=tablets", expect: adminOnly(200) },
    { method: "POST", path: () => "/admin/setup", form: { intent: "province", province: "x" }, expect: adminOnly(400) },
    { method: "POST", path: () => "/admin/setup", form: { intent: "desks_preview", per: "0" }, expect: adminOnly(400) },
  ],
  "routes/_site.admin.fleet": [
    { method: "GET", path: () => "/admin/fleet", expect: managers(200) },
    { method: "GET", path: () => "/admin/fleet?page=abc", expect: managers(200) },
  ],
  "routes/_site.admin.desks._index": [
    { method: "GET", path: () => "/admin/desks", expect: managers(200) },
    { method: "GET", path: (i) => `/admin/desks?unit=${i.unit("992")}`, expect: scoped(200, 404), hidden: DISTRICT_B },
    { method: "POST", path: () => "/admin/desks?index", form: { intent: "create" }, expect: managers(400) },
  ],
  "routes/_site.admin.desks.$deskId": [
    { method: "GET", path: (i) => `/admin/desks/${i.desk("991-MC")}`, expect: scoped(200, 200) },
    { method: "GET", path: (i) => `/admin/desks/${i.desk("992-MC")}`, expect: scoped(200, 404), hidden: DISTRICT_B },
    {
      method: "POST",
      path: (i) => `/admin/desks/${i.desk("992-MC")}`,
      form: { intent: "update", name: "" },
      expect: scoped(400, 404),
    },
  ],
  // Officers (issue 17): managers within their subtree, administrators everywhere.
  "routes/_site.admin.officers._index": [
    { method: "GET", path: () => "/admin/officers", expect: managers(200) },
    // The list's unit filter (issue 18): another district is a 404 for district A's manager.
    {
      method: "GET",
      path: (i) => `/admin/officers?unit=${i.unit("992")}`,
      expect: scoped(200, 404),
      hidden: OFFICER_B,
    },
    { method: "GET", path: () => "/admin/officers?state=active&sort=name&dir=desc&size=200", expect: managers(200) },
    { method: "GET", path: () => "/admin/officers?state=gone", expect: managers(400) },
    { method: "POST", path: () => "/admin/officers?index", form: { intent: "create" }, expect: managers(400) },
  ],
  "routes/_site.admin.officers.$officerId": [
    { method: "GET", path: (i) => `/admin/officers/${i.officer("CB-A")}`, expect: scoped(200, 200) },
    {
      method: "GET",
      path: (i) => `/admin/officers/${i.officer("CB-B")}`,
      expect: scoped(200, 404),
      hidden: OFFICER_B,
    },
    {
      method: "POST",
      path: (i) => `/admin/officers/${i.officer("CB-B")}`,
      form: { intent: "rename", name: "" },
      expect: scoped(400, 404),
    },
  ],
  "routes/_site.admin.devices": [
    { method: "GET", path: () => "/admin/devices", expect: managers(200) },
    { method: "GET", path: () => "/admin/devices?state=stale&sort=last_seen&dir=desc", expect: managers(200) },
    {
      method: "POST",
      path: () => "/admin/devices",
      form: (i) => ({ intent: "pairing_code", device: String(i.deviceAtDesk("992-MC")) }),
      expect: scoped(200, 404),
    },
    { method: "POST", path: () => "/admin/devices", form: { intent: "revoke", device: "x" }, expect: managers(400) },
  ],
  "routes/_site.admin.fields": [
    { method: "GET", path: () => "/admin/fields", expect: managers(200) },
    { method: "POST", path: () => "/admin/fields", form: { intent: "create" }, expect: adminOnly(400) },
  ],
  "routes/_site.admin.questionnaires._index": [
    { method: "GET", path: () => "/admin/questionnaires", expect: managers(200) },
    {
      method: "POST",
      path: () => "/admin/questionnaires?index",
      form: { intent: "create", from: "x" },
      expect: adminOnly(400),
    },
  ],
  "routes/_site.admin.questionnaires.$version._index": [
    { method: "GET", path: () => "/admin/questionnaires/1", expect: managers(200) },
    { method: "GET", path: () => "/admin/questionnaires/999", expect: scoped(404, 404) },
    // Version 1 is in use: immutable even for an administrator.
    {
      method: "POST",
      path: () => "/admin/questionnaires/1?index",
      form: { intent: "save", definition: "{}" },
      expect: adminOnly(400),
    },
    {
      method: "POST",
      path: () => "/admin/questionnaires/1?index",
      form: { intent: "add_rating5", code: "score" },
      expect: adminOnly(400),
    },
  ],
  "routes/_site.admin.questionnaires.$version.preview": [
    { method: "GET", path: () => "/admin/questionnaires/1/preview?step=details", expect: managers(200) },
  ],
  "routes/_site.admin.users._index": [
    { method: "GET", path: () => "/admin/users", expect: managers(200) },
    { method: "POST", path: () => "/admin/users?index", form: { intent: "create" }, expect: managers(400) },
  ],
  "routes/_site.admin.users.$userId": [
    { method: "GET", path: (i) => `/admin/users/${i.user("admin")}`, expect: scoped(200, 404) },
    { method: "GET", path: (i) => `/admin/users/${i.user("xa.bacson")}`, expect: scoped(200, 200) },
    {
      method: "GET",
      path: (i) => `/admin/users/${i.user("tinh.xem")}`,
      expect: scoped(200, 404),
      hidden: "99 · Tỉnh An Hòa",
    },
    {
      method: "POST",
      path: (i) => `/admin/users/${i.user("tinh.xem")}`,
      form: { intent: "access" },
      expect: scoped(400, 404),
    },
    // A peer manager of district A (same role): only an administrator may reset, change or disable them —
    // a manager who could reset a peer's password could sign in as them.
    {
      method: "POST",
      path: (i) => `/admin/users/${i.user(PEER_MANAGER)}`,
      form: { intent: "reset_password" },
      expect: scoped(200, 400),
    },
    {
      method: "POST",
      path: (i) => `/admin/users/${i.user(PEER_MANAGER)}`,
      form: (i) => ({ intent: "access", role: "manager", unit: String(i.unit("991")) }),
      expect: scoped(302, 400),
    },
    {
      method: "POST",
      path: (i) => `/admin/users/${i.user(PEER_MANAGER)}`,
      form: { intent: "disable" },
      expect: scoped(302, 400),
    },
  ],
  "routes/_site.admin.settings": [
    { method: "GET", path: () => "/admin/settings", expect: adminOnly(200) },
    { method: "POST", path: () => "/admin/settings", form: { intent: "targets" }, expect: adminOnly(400) },
    // Publishing the results (/cong-khai): system administrators only; a form without its choice is refused.
    { method: "POST", path: () => "/admin/settings", form: { intent: "public_results" }, expect: adminOnly(400) },
    // The cases' deadline and the contacts' retention (issue 16): a form without its numbers is refused.
    { method: "POST", path: () => "/admin/settings", form: { intent: "cases" }, expect: adminOnly(400) },
  ],
  "routes/_site.admin.audit": [
    { method: "GET", path: () => "/admin/audit", expect: managers(200) },
    // A server-side list (issue 18): the unit picker's subtree, its filters, and 400 for what it does not offer.
    { method: "GET", path: (i) => `/admin/audit?unit=${i.unit("992")}`, expect: scoped(200, 404), hidden: DISTRICT_B },
    { method: "GET", path: () => "/admin/audit?entity=unit&action=create&sort=user&size=100", expect: managers(200) },
    { method: "GET", path: () => "/admin/audit?size=200", expect: managers(400) },
    { method: "GET", path: () => "/admin/audit?action=drop_table", expect: managers(400) },
  ],
  // Suspect responses (issue 5): administrators and managers review within their subtree.
  "routes/_site.admin.suspects": [
    { method: "GET", path: () => "/admin/suspects", expect: managers(200) },
    {
      method: "GET",
      path: (i) => `/admin/suspects?unit=${i.unit("992")}`,
      expect: scoped(200, 404),
      hidden: DISTRICT_B,
    },
    { method: "GET", path: () => "/admin/suspects?show=reviewed&reason=burst&sort=unit", expect: managers(200) },
    { method: "GET", path: () => "/admin/suspects?show=deleted", expect: managers(400) },
    { method: "POST", path: () => "/admin/suspects", form: { decision: "accept" }, expect: managers(400) },
  ],
  // Harassment cases (issue 16): everyone signed in reads those of their scope; managers and administrators act.
  "routes/_site.admin.cases._index": [
    { method: "GET", path: () => "/admin/cases", expect: signedIn(200) },
    // The unit picker (issue 18): a unit outside the scope is a 404, as on the other lists.
    {
      method: "GET",
      path: (i) => `/admin/cases?unit=${i.unit("992")}`,
      expect: { ...signedIn(200), districtManagerA: 404, communeViewer: 404 },
      hidden: DISTRICT_B,
    },
  ],
  "routes/_site.admin.cases.$caseId": [
    { method: "GET", path: (ids) => `/admin/cases/${ids.caseAt("99101")}`, expect: signedIn(200) },
    {
      method: "GET",
      path: (ids) => `/admin/cases/${ids.caseAt("992")}`,
      expect: { ...signedIn(200), districtManagerA: 404, communeViewer: 404 },
      hidden: "0977",
    },
    { method: "GET", path: () => "/admin/cases/999999", expect: { ...signedIn(404) } },
    {
      method: "POST",
      path: (ids) => `/admin/cases/${ids.caseAt("99101")}`,
      form: { intent: "note", note: "" },
      expect: { ...managers(400) },
    },
    {
      method: "POST",
      path: (ids) => `/admin/cases/${ids.caseAt("992")}`,
      form: { intent: "note", note: "" },
      expect: { ...managers(400), districtManagerA: 404, communeViewer: 404 },
      hidden: DISTRICT_B,
    },
  ],
  "routes/_site.admin.holidays": [
    { method: "GET", path: () => "/admin/holidays", expect: adminOnly(200) },
    { method: "POST", path: () => "/admin/holidays", form: { intent: "save" }, expect: adminOnly(400) },
    // Deleting a seeded holiday: the administrator's post deletes it (back to the list); nobody else's reaches it.
    {
      method: "POST",
      path: () => "/admin/holidays",
      form: { intent: "delete", date: HOLIDAY },
      expect: adminOnly(302),
    },
  ],
  // Alerts (issue 16): one's own alerts for managers; webhooks and failed emails for system administrators.
  "routes/_site.admin.alerts": [{ method: "GET", path: () => "/admin/alerts", expect: managers(200) }],
  "routes/_site.admin.webhooks._index": [
    { method: "GET", path: () => "/admin/webhooks", expect: adminOnly(200) },
    {
      method: "POST",
      path: () => "/admin/webhooks?index",
      form: { intent: "create", url: "file:///etc/passwd", ev_opened: "on" },
      expect: adminOnly(400),
    },
  ],
  "routes/_site.admin.webhooks.$webhookId": [
    // A real webhook: its page and its delivery log for system administrators only, its address in no refusal.
    { method: "GET", path: (i) => `/admin/webhooks/${i.webhook}`, expect: adminOnly(200), hidden: WEBHOOK_URL },
    {
      method: "POST",
      path: (i) => `/admin/webhooks/${i.webhook}`,
      form: { intent: "deactivate" },
      expect: adminOnly(302),
      hidden: WEBHOOK_URL,
    },
    { method: "GET", path: () => "/admin/webhooks/999999", expect: adminOnly(404) },
    { method: "POST", path: () => "/admin/webhooks/999999", form: { intent: "test" }, expect: adminOnly(404) },
  ],
  // Dossiers (issue 17): the one-stop systems, for system administrators.
  "routes/_site.admin.systems": [
    { method: "GET", path: () => "/admin/systems", expect: adminOnly(200) },
    { method: "POST", path: () => "/admin/systems", form: { intent: "create", name: "" }, expect: adminOnly(400) },
    { method: "POST", path: () => "/admin/systems", form: { intent: "revoke", id: "999999" }, expect: adminOnly(404) },
  ],
  "routes/_site.admin.mail": [
    { method: "GET", path: () => "/admin/mail", expect: adminOnly(200) },
    {
      method: "POST",
      path: () => "/admin/mail",
      form: { intent: "audience", audience: "everyone" },
      expect: adminOnly(400),
    },
  ],
  "routes/_site.admin.account": [
    { method: "GET", path: () => "/admin/account", expect: signedIn(200) },
    { method: "POST", path: () => "/admin/account", form: { intent: "password" }, expect: signedIn(400) },
  ],
};

/** The plain-Node endpoints: device credentials only, whoever is signed in. */
const API_MATRIX: Record<string, Case[]> = {
  "/api/v1/responses": [
    { method: "POST", path: () => "/api/v1/responses", json: { responses: [] }, expect: every(401) },
    { method: "GET", path: () => "/api/v1/responses", expect: every(405) },
  ],
  "/api/v1/devices/status": [
    { method: "POST", path: () => "/api/v1/devices/status", json: { pending: 0 }, expect: every(401) },
    { method: "GET", path: () => "/api/v1/devices/status", expect: every(405) },
  ],
  // A system token only: no session opens the dossier API.
  "/api/v1/dossiers": [
    { method: "POST", path: () => "/api/v1/dossiers", json: { events: [] }, expect: every(401) },
    { method: "GET", path: () => "/api/v1/dossiers", expect: every(405) },
  ],
  "/api/v1/dossiers/:code/evaluation-link": [
    { method: "GET", path: () => "/api/v1/dossiers/HS-1/evaluation-link", expect: every(401) },
    { method: "POST", path: () => "/api/v1/dossiers/HS-1/evaluation-link", json: {}, expect: every(405) },
  ],
};

interface ManifestRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  hasLoader: boolean;
  hasAction: boolean;
}

/** The built app's own route manifest, as the browser loads it. */
async function routeManifest(baseUrl: string): Promise<Record<string, ManifestRoute>> {
  const html = await (await fetch(`${baseUrl}/login`)).text();
  const src = /\/build\/manifest-[A-Z0-9]+\.js/.exec(html)?.[0];
  expect(src, "manifest script in the page").toBeDefined();
  const js = await (await fetch(`${baseUrl}${src}`)).text();
  return JSON.parse(js.slice(js.indexOf("{"), js.lastIndexOf("}") + 1)).routes;
}

function fullPath(routes: Record<string, ManifestRoute>, id: string): string {
  const parts: string[] = [];
  for (let r: ManifestRoute | undefined = routes[id]; r; r = r.parentId ? routes[r.parentId] : undefined) {
    if (r.path) parts.unshift(r.path);
  }
  return `/${parts.join("/")}`;
}

describe("role × route matrix", () => {
  let database: TestDatabase;
  let server: RunningServer;
  let routes: Record<string, ManifestRoute>;
  let ids: Ids;
  const password = "mat-khau-kiem-thu-01";
  const cookies = {} as Record<Persona, string | undefined>;
  const accounts: Record<Exclude<Persona, "visitor" | "admin">, [string, "manager" | "viewer", string]> = {
    provinceViewer: ["tinh.xem", "viewer", "99"],
    districtManagerA: ["huyen.a.quanly", "manager", "991"],
    communeViewer: ["xa.bacson", "viewer", "99101"],
  };

  beforeAll(async () => {
    database = await sqliteDatabase().create();
    server = await startServer({ DATABASE_URL: database.url });
    for (const [username, role, unit] of Object.values(accounts)) {
      await createAccount(database.url, { username, role, unit, password });
    }
    await createAccount(database.url, { username: PEER_MANAGER, role: "manager", unit: "991", password });
    cookies.visitor = undefined;
    cookies.admin = await signIn(server.url, "admin", printedAdminPassword(server.output()));
    for (const [persona, [username]] of Object.entries(accounts)) {
      cookies[persona as Persona] = await signIn(server.url, username, password);
    }
    const handle = openDatabase(database.url);
    try {
      const units = await handle.db.selectFrom("units").select(["id", "code"]).execute();
      const desks = await handle.db.selectFrom("desks").select(["id", "code"]).execute();
      for (const [desk, code, name] of [
        ["991-MC", "CB-A", "Lê Văn An"],
        ["992-MC", "CB-B", OFFICER_B],
      ]) {
        const row = (await findDeskByCode(handle.db, desk))!;
        await createOfficer(handle.db, CLI_ACTOR, new Date(), { desk: row, code, name, pin: null });
      }
      const officers = await handle.db.selectFrom("officers").select(["id", "code"]).execute();
      const webhook = await createWebhook(handle.db, CLI_ACTOR, new Date(), {
        url: WEBHOOK_URL,
        events: ["case.concluded"],
      });
      const holiday = await handle.db
        .selectFrom("holidays")
        .select("date")
        .where("date", "=", HOLIDAY)
        .executeTakeFirst();
      expect(holiday, `the seeded holiday ${HOLIDAY}`).toBeDefined();
      const users = await handle.db.selectFrom("users").select(["id", "username"]).execute();
      const devices = await handle.db.selectFrom("devices").select(["id", "desk_id"]).execute();
      // A case at a commune of district A and one in district B, from the demo's responses.
      const caseIds = new Map<string, number>();
      for (const [code, phone] of [
        ["99101", PHONE_A],
        ["992", PHONE_B],
      ]) {
        const r = await handle.db
          .selectFrom("responses")
          .innerJoin("units", "units.id", "responses.unit_id")
          .select(["responses.id", "responses.unit_id", "responses.desk_id"])
          .where("units.code", "=", code)
          .limit(1)
          .executeTakeFirstOrThrow();
        const [id] = await openCases(handle.db, [
          {
            responseId: r.id,
            unitId: r.unit_id,
            deskId: r.desk_id,
            openedAt: new Date().toISOString(),
            dueOn: "2030-01-01",
            contact: { phone, consentedAt: new Date().toISOString() },
          },
        ]);
        caseIds.set(code, id);
      }
      const find = <T extends { id: number }>(rows: T[], pick: (r: T) => boolean, what: string) => {
        const row = rows.find(pick);
        if (!row) throw new Error(`no ${what}`);
        return row.id;
      };
      ids = {
        unit: (code) => find(units, (u) => u.code === code, `unit ${code}`),
        desk: (code) => find(desks, (d) => d.code === code, `desk ${code}`),
        user: (username) => find(users, (u) => u.username === username, `user ${username}`),
        deviceAtDesk: (code) => find(devices, (d) => d.desk_id === ids.desk(code), `device at ${code}`),
        caseAt: (code) => caseIds.get(code)!,
        officer: (code) => find(officers, (o) => o.code === code, `officer ${code}`),
        webhook: webhook.id,
      };
    } finally {
      await handle.close();
    }
    routes = await routeManifest(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("has an entry for every route of the built app, and a case for each of its loaders and actions", () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(routes).sort());
    const parents = new Set(Object.values(routes).map((r) => r.parentId));
    for (const [id, entry] of Object.entries(MATRIX)) {
      const route = routes[id];
      if (entry === "layout") {
        expect(parents.has(id), `${id} is marked as a layout but has no child routes`).toBe(true);
        continue;
      }
      const pattern = new RegExp(
        `^${fullPath(routes, id)
          .replace(/:[^/]+/g, "[^/]+")
          .replace(/\*$/, ".+")
          .replace(/\/$/, "")}/?$`
      );
      for (const c of entry) {
        const path = c.path(ids).split("?")[0];
        expect(path, `${id}: ${path} is not this route's path`).toMatch(pattern);
      }
      if (route.hasLoader)
        expect(
          entry.some((c) => c.method === "GET"),
          `${id} has a loader`
        ).toBe(true);
      if (route.hasAction)
        expect(
          entry.some((c) => c.method === "POST"),
          `${id} has an action`
        ).toBe(true);
    }
  });

  it("has an entry for every plain-Node API endpoint", () => {
    expect(Object.keys(API_MATRIX).sort()).toEqual(API_ROUTES.map((r) => r.path).sort());
  });

  async function request(c: Case, persona: Persona): Promise<Response> {
    let cookie = cookies[persona];
    if (c.fresh && cookie) {
      const username = persona === "admin" ? "admin" : accounts[persona as keyof typeof accounts][0];
      cookie = await signIn(
        server.url,
        username,
        persona === "admin" ? printedAdminPassword(server.output()) : password
      );
    }
    const headers: Record<string, string> = { origin: server.url, ...(cookie ? { cookie } : {}) };
    let body: string | undefined;
    if (c.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(c.json);
    } else if (c.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(typeof c.form === "function" ? c.form(ids) : c.form).toString();
    }
    return fetch(`${server.url}${c.path(ids)}`, { method: c.method, headers, body, redirect: "manual" });
  }

  it("shows a case's phone in full to administrators only here (nobody is assigned), masked to everyone else", async () => {
    const seen: Record<string, string> = {};
    for (const persona of PERSONAS) {
      const res = await request(
        { method: "GET", path: (i) => `/admin/cases/${i.caseAt("99101")}`, expect: every(200) },
        persona
      );
      const html = await res.text();
      seen[persona] = html.includes(PHONE_A) ? "full" : html.includes("09•••••101") ? "masked" : "none";
    }
    expect(seen).toEqual({
      visitor: "none",
      admin: "full",
      provinceViewer: "masked",
      districtManagerA: "masked",
      communeViewer: "masked",
    });
    // Never in the list, its CSV-free pages, or anywhere else a case is shown.
    const list = await (
      await request({ method: "GET", path: () => "/admin/cases?status=all", expect: every(200) }, "admin")
    ).text();
    expect(list).not.toContain(PHONE_A);
  });

  it("lets a one-stop system's token open the dossier API and nothing else", async () => {
    const handle = openDatabase(database.url);
    let token: string;
    try {
      token = (await createSystem(handle.db, CLI_ACTOR, new Date(), "Hệ thống một cửa thử")).token;
    } finally {
      await handle.close();
    }
    const bearer = (method: string, path: string, json?: unknown) =>
      fetch(`${server.url}${path}`, {
        method,
        redirect: "manual",
        headers: {
          authorization: `Bearer ${token}`,
          origin: server.url,
          ...(json === undefined ? {} : { "content-type": "application/json" }),
        },
        body: json === undefined ? undefined : JSON.stringify(json),
      });
    // The dossier API takes it: a dossier it does not know is a 404, not a refusal of the token.
    expect((await bearer("GET", "/api/v1/dossiers/HS-1/evaluation-link")).status).toBe(404);
    // The tablets' APIs and the reports' JSON refuse it as they refuse anyone without their credential.
    const api: [string, string, unknown?][] = [
      ["POST", "/api/v1/responses", { responses: [] }],
      ["POST", "/api/v1/devices/status", {}],
      ["GET", "/api/v1/reports/rates?by=officer"],
    ];
    const errors: string[] = [];
    for (const [method, path, json] of api) {
      const res = await bearer(method, path, json);
      expect(res.status, path).toBe(401);
      errors.push(((await res.json()) as { error: string }).error);
    }
    expect(errors[2]).toBe("Cần đăng nhập để xem báo cáo.");
    // Pages and downloads: it is no session, so they send it to sign in, with nothing of theirs.
    for (const path of ["/reports/download?format=csv&by=officer", "/reports", "/admin/systems", "/admin/officers"]) {
      const res = await bearer("GET", path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location"), path).toMatch(/^\/login\?redirectTo=/);
      expect(await res.text(), path).not.toContain(OFFICER_B);
    }
    // Nor can it make itself a new system.
    const post = await fetch(`${server.url}/admin/systems`, {
      method: "POST",
      redirect: "manual",
      headers: {
        authorization: `Bearer ${token}`,
        origin: server.url,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ intent: "create", name: "Hệ thống lạ 7731" }).toString(),
    });
    expect(post.status).toBe(302);
    expect(post.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    const after = await (await fetch(`${server.url}/admin/systems`, { headers: { cookie: cookies.admin! } })).text();
    expect(after).toContain("Hệ thống một cửa thử");
    expect(after).not.toContain("Hệ thống lạ 7731");
  });

  it("answers each role as the matrix says, and a refusal never carries the data", async () => {
    const pages = Object.values(MATRIX).flatMap((e) => (e === "layout" ? [] : e));
    const cases = [...pages, ...Object.values(API_MATRIX).flat()];
    const wrong: string[] = [];
    for (const c of cases) {
      for (const persona of PERSONAS) {
        const res = await request(c, persona);
        const text = await res.text();
        const label = `${c.method} ${c.path(ids)} as ${persona}`;
        if (res.status !== c.expect[persona]) wrong.push(`${label}: ${res.status}, expected ${c.expect[persona]}`);
        // Whatever a signed-in user is answered, pages and downloads, is for them alone and never stored.
        const cacheControl = res.headers.get("cache-control");
        if (persona !== "visitor" && pages.includes(c) && cacheControl !== "private, no-store") {
          wrong.push(`${label}: Cache-Control ${cacheControl}`);
        }
        if (c.hidden && (res.status === 403 || res.status === 404) && text.includes(c.hidden)) {
          wrong.push(`${label}: the refusal shows «${c.hidden}»`);
        }
      }
    }
    expect(wrong).toEqual([]);

    // The administrator's posts took effect, once; the refused ones changed nothing more.
    const handle = openDatabase(database.url);
    try {
      const hook = await handle.db
        .selectFrom("webhooks")
        .select("active")
        .where("id", "=", ids.webhook)
        .executeTakeFirstOrThrow();
      expect(hook.active).toBe(0);
      expect(await handle.db.selectFrom("holidays").select("date").where("date", "=", HOLIDAY).execute()).toEqual([]);
      const audit = await handle.db
        .selectFrom("audit_log")
        .select(["entity", "action"])
        .where("entity", "in", ["webhook", "holiday"])
        .where("action", "in", ["disable", "delete"])
        .execute();
      expect(audit.map((a) => `${a.entity}:${a.action}`).sort()).toEqual(["holiday:delete", "webhook:disable"]);
    } finally {
      await handle.close();
    }
  });

  it("shows a district manager the officers of the district only, in the report API, the download and the dashboard", async () => {
    // An officer of each district with enough answers to be listed (runs last: the matrix above saw none).
    await officerWithAnswers(database.url, { desk: "991-MC", code: "CB-A2", name: "Hoàng Văn Tâm", answers: 40 });
    await officerWithAnswers(database.url, { desk: "992-MC", code: "CB-B2", name: "Vũ Thị Thu Hà", answers: 40 });
    const get = async (path: string, persona: Persona) => {
      const res = await request({ method: "GET", path: () => path, expect: every(200) }, persona);
      expect(res.status, `${path} as ${persona}`).toBe(200);
      return res.text();
    };
    const labels = async (persona: Persona, query = "") =>
      (
        JSON.parse(await get(`/api/v1/reports/rates?by=officer${query}`, persona)) as { groups: { label: string }[] }
      ).groups.map((g) => g.label);
    expect((await labels("admin", "&unit=99")).join("\n")).toMatch(
      /Hoàng Văn Tâm[\s\S]*Vũ Thị Thu Hà|Vũ Thị Thu Hà[\s\S]*Hoàng Văn Tâm/
    );
    const district = await labels("districtManagerA");
    expect(district.join("\n")).toContain("Hoàng Văn Tâm");
    expect(district.join("\n")).not.toContain("Vũ Thị Thu Hà");
    const csv = await get("/reports/download?format=csv&by=officer", "districtManagerA");
    expect(csv).toContain("Hoàng Văn Tâm");
    expect(csv).not.toContain("Vũ Thị Thu Hà");
    const dashboard = await get("/reports", "districtManagerA");
    expect(dashboard).toContain("Hoàng Văn Tâm");
    expect(dashboard).not.toContain("Vũ Thị Thu Hà");
  });
});
