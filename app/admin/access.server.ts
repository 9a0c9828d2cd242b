/**
 * Who may open and change the administration pages. Roles first (403), then
 * the unit tree (404 where existence must not leak). Builds on
 * app/auth/authorize.server.ts; every loader and action of app/routes/_site.admin.*
 * starts with `requireStaff`.
 *
 * - system administrator: everything, including installation-wide settings,
 *   procedure fields and questionnaires;
 * - manager: the units, desks, tablets and users of their unit's subtree, and
 *   read-only views of fields and questionnaires; changes to units stop at
 *   the units below their own (their own unit is set by whoever is above);
 * - viewer: reports only, no administration page.
 */
import type { Role } from "~db/schema";
import { requireRole, scopeUnitIds } from "~/auth/authorize.server";
import { type CurrentUser, requireUser } from "~/auth/session.server";
import type { AppContext } from "~/context";
import { type ServerT, getT, pageLanguage } from "~/i18n/i18n.server";
import type { Language } from "~/i18n/languages";
import type { Actor } from "~/domain/audit";

export const ADMIN_ONLY: readonly Role[] = ["admin"];
export const MANAGERS: readonly Role[] = ["admin", "manager"];

/** The units a user may see: all, or a subtree. */
export interface Scope {
  all: boolean;
  /** Unit ids in scope; undefined when all. */
  unitIds: number[] | undefined;
  has(unitId: number | null): boolean;
}

export async function scopeOf(app: AppContext, user: CurrentUser): Promise<Scope> {
  const unitIds = await scopeUnitIds(app, user);
  const set = unitIds ? new Set(unitIds) : null;
  return { all: set === null, unitIds, has: (id) => set === null || (id !== null && set.has(id)) };
}

export interface Staff {
  user: CurrentUser;
  scope: Scope;
  lang: Language;
  t: ServerT;
}

/** The signed-in user with one of the roles (else 403), with their scope and language. */
export async function requireStaff(app: AppContext, request: Request, roles: readonly Role[]): Promise<Staff> {
  const user = await requireUser(app, request);
  requireRole(user, roles);
  const lang = await pageLanguage(request);
  return { user, scope: await scopeOf(app, user), lang, t: getT(lang) };
}

export function notFound(): never {
  throw new Response(null, { status: 404 });
}

export function forbidden(): never {
  throw new Response(null, { status: 403 });
}

/** 404 unless the unit is in the staff member's scope. */
export function requireInScope(staff: Staff, unitId: number | null): void {
  if (!staff.scope.has(unitId)) notFound();
}

/** Installation-wide configuration (fields, questionnaires, settings) is for system administrators. */
export function canConfigureInstallation(user: CurrentUser): boolean {
  return user.role === "admin";
}

/** Units a user may change: all for an administrator; strictly below their own unit for a manager. */
export function mayChangeUnit(staff: Staff, unitId: number): boolean {
  if (staff.user.role === "admin") return true;
  return staff.user.role === "manager" && unitId !== staff.user.unitId && staff.scope.has(unitId);
}

/**
 * Who may set how a unit's reports are signed: an administrator, or a manager
 * whose subtree holds the unit — including their own unit, whose reports they
 * issue (unlike its name or place in the tree, which the level above decides).
 */
export function maySetSigning(staff: Staff, unitId: number): boolean {
  return staff.user.role === "admin" || (staff.user.role === "manager" && staff.scope.has(unitId));
}

/** The roles a user may hand out: never more than they hold. */
export function grantableRoles(user: CurrentUser): Role[] {
  if (user.role === "admin") return ["admin", "manager", "viewer"];
  if (user.role === "manager") return ["manager", "viewer"];
  return [];
}

/** Who the audit log names for a change made by `staff`. */
export function actorOf(staff: Staff): Actor {
  return { id: staff.user.id, username: staff.user.username };
}
