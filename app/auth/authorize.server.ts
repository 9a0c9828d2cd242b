/**
 * Authorisation against the user's place in the unit tree. A system
 * administrator sees everything; managers and viewers see their unit's
 * subtree. Every loader, action and API endpoint asks here, on the server.
 */
import { subtreeUnitIds } from "~db/repositories/units";
import type { Role } from "~db/schema";
import type { AppContext } from "~/context";
import type { CurrentUser } from "./session.server";

/** The unit ids a user may see, or undefined for everything (system administrator). */
export async function scopeUnitIds(app: AppContext, user: CurrentUser): Promise<number[] | undefined> {
  if (user.role === "admin") return undefined;
  if (user.unitId === null) return [];
  return subtreeUnitIds(app.db, user.unitId);
}

export async function isUnitInScope(app: AppContext, user: CurrentUser, unitId: number): Promise<boolean> {
  const scope = await scopeUnitIds(app, user);
  return scope === undefined || scope.includes(unitId);
}

/** 403 unless the user has one of the roles. */
export function requireRole(user: CurrentUser, roles: readonly Role[]): void {
  if (!roles.includes(user.role)) throw new Response(null, { status: 403 });
}

/** 404 (existence must not leak) unless the unit is inside the user's scope. */
export async function requireUnitInScope(app: AppContext, user: CurrentUser, unitId: number): Promise<void> {
  if (!(await isUnitInScope(app, user, unitId))) throw new Response(null, { status: 404 });
}
