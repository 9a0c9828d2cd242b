/** Signed-in officials for service-level tests: a user row and the Staff the pages would build for it. */
import { findUnitByCode } from "~db/repositories/units";
import { insertUser } from "~db/repositories/users";
import type { Role } from "~db/schema";
import { type Staff, scopeOf } from "~/admin/access.server";
import type { CurrentUser } from "~/auth/session.server";
import type { AppContext } from "~/context";
import { getT } from "~/i18n/i18n.server";

let serial = 0;

export async function staffFor(app: AppContext, role: Role, unitCode?: string): Promise<Staff> {
  const unit = unitCode ? await findUnitByCode(app.db, unitCode) : undefined;
  if (unitCode && !unit) throw new Error(`no unit ${unitCode}`);
  const at = app.now().toISOString();
  const row = await insertUser(app.db, {
    username: `${role}${++serial}-${unitCode ?? "all"}`,
    passwordHash: "scrypt$1$1$1$x$x",
    role,
    unitId: unit?.id ?? null,
    createdAt: at,
    passwordChangedAt: at,
  });
  const user: CurrentUser = { id: row.id, username: row.username, role, unitId: row.unitId, sessionId: "test" };
  return { user, scope: await scopeOf(app, user), lang: "vi", t: getT("vi") };
}

/** Runs `work` and returns the HTTP status it threw (a Response), or 0 when it returned. */
export async function thrownStatus(work: () => Promise<unknown>): Promise<number> {
  try {
    await work();
    return 0;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

/** The problem codes a service refused with (FormProblems), or [] when it succeeded. */
export async function problemCodes(work: () => Promise<unknown>): Promise<string[]> {
  const { FormProblems } = await import("~/admin/forms.server");
  try {
    await work();
    return [];
  } catch (error) {
    if (error instanceof FormProblems) return error.problems.map((p) => `${p.field}:${p.code}`);
    throw error;
  }
}

/** Adds a unit through the administration's own rules, as `staff`. */
export async function addUnit(
  app: AppContext,
  staff: Staff,
  unit: { code: string; name: string; level: "province" | "district" | "commune"; parent?: number | null },
  period: { validFrom: string | null; validTo: string | null } = { validFrom: null, validTo: null }
) {
  const { createUnit } = await import("~/admin/units-write.server");
  return createUnit(app.db, staff, app.now(), { parent: null, ...unit, ...period });
}
