/**
 * Importing accounts from CSV (columns: username, role, unit code, email; a
 * header row is optional). The same rules as the Users form
 * (users.server.ts): a manager hands out only manager and viewer roles inside
 * their subtree; an administrator has no unit. Every new account gets a
 * generated password, shown once on the page right after the import (as one
 * account created on the Users page). An account already there with the same
 * role and unit is "unchanged"; any other use of its username is an error.
 * All or nothing, audited (ADR 059).
 */
import { z } from "zod";
import type { DB } from "~db/connection";
import type { Role } from "~db/schema";
import type { Unit } from "~db/repositories/units";
import { recordAudit } from "~db/repositories/audit";
import { listUnits } from "~db/repositories/units";
import { insertUser, listUsers } from "~db/repositories/users";
import { generatePassword, hashPassword } from "~/auth/password.server";
import { username } from "~/auth/username.server";
import type { AppContext } from "~/context";
import { localDateOf } from "~/domain/time";
import { openUnits } from "~/domain/units";
import { MANAGERS, type Scope, type Staff, actorOf, grantableRoles, requireStaff } from "./access.server";
import {
  type ImportPlan,
  type PreviewBody,
  csvTextSchema,
  hasErrors,
  markDuplicates,
  planResult,
  readImportForm,
  readRows,
  settle,
  tooLong,
  unitsByCode,
} from "./csv-import.server";
import { type ActionResult, badIntent } from "./forms.server";
import { optionalEmail } from "./schemas.server";

export const USER_COLUMNS = ["username", "role", "unit_code", "email"] as const;
/** Each account's password is hashed (scrypt) on the way in: a few hundred at a time. */
export const MAX_USER_ROWS = 1_000;

/** Role words as a spreadsheet may hold them: the code or the Vietnamese name. */
const ROLE_WORDS: Record<string, Role> = {
  admin: "admin",
  "quản trị": "admin",
  "quản trị hệ thống": "admin",
  manager: "manager",
  "quản lý": "manager",
  viewer: "viewer",
  "theo dõi": "viewer",
};

const HEADER = new Set(["username", "tên đăng nhập", "ten_dang_nhap", "user"]);

const rowSchema = z.object({
  username,
  role: z
    .string()
    .transform((v) => ROLE_WORDS[v.toLowerCase()] ?? null)
    .refine((v) => v !== null, { params: { code: "invalid_option", options: "admin, manager, viewer" } }),
  unit_code: z.string(),
  email: optionalEmail,
});

export interface UserImportRow {
  username: string;
  role: Role;
  unitId: number | null;
  unitCode: string | null;
  email: string | null;
}

/** Checks a file against the stored units and accounts, for `staff`. Pure. */
export function planUserImport(
  text: string,
  units: readonly Unit[],
  users: readonly { username: string; role: Role; unitId: number | null }[],
  staff: Pick<Staff, "user"> & { scope: Scope },
  today: string
): ImportPlan<UserImportRow> {
  const read = readRows(
    text,
    USER_COLUMNS,
    3,
    MAX_USER_ROWS,
    (cells) => !HEADER.has(cells[0].toLowerCase()),
    rowSchema
  );
  if (read.fileProblems.length > 0) return { rows: [], fileProblems: read.fileProblems };
  const open = unitsByCode(openUnits(units, staff.scope.has, today));
  const stored = new Map(users.map((u) => [u.username, u]));
  const grantable = grantableRoles(staff.user);
  const plan: ImportPlan<UserImportRow> = { fileProblems: [], rows: [] };
  for (const row of read.rows) {
    const next = { ...row, data: undefined as UserImportRow | undefined };
    plan.rows.push(next);
    if (!row.data) continue;
    const { role, unit_code: unitCode } = row.data;
    const problem = (field: string, code: string, params?: Record<string, string>) =>
      next.problems.push({ field, code, ...(params ? { params } : {}) });
    if (!grantable.includes(role!)) problem("role", "role_not_grantable");
    let unit: Unit | undefined;
    if (role === "admin") {
      if (unitCode !== "") problem("unit_code", "admin_has_no_unit");
    } else if (unitCode === "") {
      problem("unit_code", "role_needs_unit");
    } else {
      unit = open.get(unitCode);
      if (!unit) problem("unit_code", "unit_code_not_found", { code: unitCode });
    }
    if (next.problems.length > 0) continue;
    next.data = {
      username: row.data.username,
      role: role!,
      unitId: unit?.id ?? null,
      unitCode: unit?.code ?? null,
      email: row.data.email,
    };
    const existing = stored.get(row.data.username);
    if (existing) {
      if (existing.role === role && existing.unitId === (unit?.id ?? null)) next.status = "unchanged";
      else problem("username", "duplicate_username");
    }
  }
  markDuplicates(plan.rows, "username", (r) => r.data?.username ?? r.values.username);
  return settle(plan);
}

export interface ImportedAccount {
  username: string;
  password: string;
}

export type UserImportOutcome =
  { applied: true; accounts: ImportedAccount[] } | { applied: false; plan: ImportPlan<UserImportRow> };

async function currentPlan(db: DB, staff: Staff, now: Date, text: string) {
  const users = await listUsers(db, {});
  return planUserImport(
    text,
    await listUnits(db),
    users.map((u) => ({ username: u.username, role: u.role, unitId: u.unitId })),
    staff,
    localDateOf(now)
  );
}

/** All or nothing: passwords are hashed first, then the file is re-planned and stored in one transaction. */
export async function importUsers(db: DB, staff: Staff, now: Date, text: string): Promise<UserImportOutcome> {
  const first = await currentPlan(db, staff, now, text);
  if (hasErrors(first)) return { applied: false, plan: first };
  const passwords = new Map<string, { password: string; hash: string }>();
  for (const row of first.rows) {
    if (row.status !== "new" || !row.data) continue;
    const password = generatePassword();
    passwords.set(row.data.username, { password, hash: await hashPassword(password) });
  }
  return db.transaction().execute(async (trx) => {
    const plan = await currentPlan(trx, staff, now, text);
    if (hasErrors(plan)) return { applied: false, plan };
    const at = now.toISOString();
    const accounts: ImportedAccount[] = [];
    for (const row of plan.rows) {
      if (row.status !== "new" || !row.data) continue;
      const d = row.data;
      const secret = passwords.get(d.username);
      // A row that became new since the first plan (an account removed meanwhile): plan again next time.
      if (!secret) return { applied: false, plan: { rows: [], fileProblems: [{ field: "csv", code: "csv_changed" }] } };
      const user = await insertUser(trx, {
        username: d.username,
        passwordHash: secret.hash,
        role: d.role,
        unitId: d.unitId,
        email: d.email,
        createdAt: at,
        passwordChangedAt: at,
      });
      await recordAudit(trx, actorOf(staff), now, {
        action: "import",
        entity: "user",
        entityId: user.id,
        unitId: user.unitId,
        after: { username: d.username, role: d.role, unit: d.unitCode, disabled: 0, email: d.email },
      });
      accounts.push({ username: d.username, password: secret.password });
    }
    return { applied: true, accounts };
  });
}

export async function loadUserImport(app: AppContext, request: Request) {
  const staff = await requireStaff(app, request, MANAGERS);
  return { maxRows: MAX_USER_ROWS, roles: grantableRoles(staff.user) };
}

export async function userImportAction(
  app: AppContext,
  request: Request
): Promise<ActionResult<PreviewBody & { accounts?: ImportedAccount[] }>> {
  const staff = await requireStaff(app, request, MANAGERS);
  const { intent, text, pasted } = await readImportForm(request);
  if (intent !== "preview" && intent !== "apply") return badIntent(staff.t);
  if (!csvTextSchema.safeParse(text).success) return tooLong(staff.t);
  if (intent === "apply") {
    const outcome = await importUsers(app.db, staff, app.now(), text);
    if (outcome.applied) return { status: 200, body: { accounts: outcome.accounts } };
    return planResult(outcome.plan, text, staff.t, 400, pasted);
  }
  return planResult(await currentPlan(app.db, staff, app.now(), text), text, staff.t, 200, pasted);
}
