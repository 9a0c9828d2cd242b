/**
 * Users: create, change role and scope, disable, reset password. A user never
 * grants more than they hold: a manager creates managers and viewers inside
 * their subtree, never a system administrator, and edits only the viewers
 * there (a peer manager is the administrators' to edit); nobody changes their
 * own role, scope, state or password here (their own password: /admin/account).
 * A password reset or a disable signs the user out everywhere.
 */
import { z } from "zod";
import type { DB } from "~db/connection";
import { listAuditEntries, recordAudit } from "~db/repositories/audit";
import { deleteSessionsOfUser } from "~db/repositories/sessions";
import { findUnitById } from "~db/repositories/units";
import { type UserSort, pageUsers } from "~db/repositories/list-pages";
import {
  type User,
  findUserById,
  findUserByUsername,
  insertUser,
  setUserPassword,
  updateUser,
} from "~db/repositories/users";
import { ROLES, type Role } from "~db/schema";
import { MIN_PASSWORD_LENGTH, generatePassword, hashPassword } from "~/auth/password.server";
import { username } from "~/auth/username.server";
import type { AppContext } from "~/context";
import { MANAGERS, type Staff, actorOf, grantableRoles, notFound, requireStaff } from "./access.server";
import { type Actor } from "~/domain/audit";
import { auditView } from "./audit-view.server";
import { type ActionResult, badIntent, done, insertUnique, readForm, reject, runForm, runWork } from "./forms.server";
import { optionalEmail, optionalId } from "./schemas.server";
import {
  formUnits,
  listCsv,
  listView,
  parseChoice,
  parseListParams,
  unitFilter,
  unitLabel,
  unitOptions,
} from "./list-query.server";

/** Audit values of a user; the unit by its code. */
async function auditValues(db: DB, u: Pick<User, "username" | "role" | "unitId" | "disabled" | "email">) {
  const unit = u.unitId === null ? null : ((await findUnitById(db, u.unitId))?.code ?? null);
  return { username: u.username, role: u.role, unit, disabled: u.disabled, email: u.email };
}

export const USER_SORTS = ["username", "unit", "role"] as const satisfies readonly UserSort[];
const USER_STATES = ["enabled", "disabled"] as const;

async function userFilter(app: AppContext, staff: Staff, request: Request) {
  const url = new URL(request.url);
  const params = parseListParams(url, USER_SORTS);
  const role = parseChoice(url, "role", ROLES);
  const state = parseChoice(url, "state", USER_STATES);
  const { unitIds, picker } = await unitFilter(app, staff, params);
  const filter = { unitIds, role, q: params.q, disabled: state === undefined ? undefined : state === "disabled" };
  return { params, role, state, picker, filter };
}

export async function loadUsers(app: AppContext, request: Request) {
  const staff = await requireStaff(app, request, MANAGERS);
  const { params, role, state, picker, filter } = await userFilter(app, staff, request);
  const [page, form] = await Promise.all([pageUsers(app.db, filter, params), formUnits(app, staff, picker.chosen)]);
  return {
    // Only what the table shows: a page of 200 stays light (ADR 058).
    users: page.rows.map((u) => ({
      id: u.id,
      username: u.username,
      role: u.role,
      unit: u.unitCode === null ? null : unitLabel({ code: u.unitCode, name: u.unitName ?? "" }),
      disabled: u.disabled,
      passwordChangedAt: u.passwordChangedAt,
    })),
    list: listView(params, USER_SORTS, page),
    role: role ?? null,
    state: state ?? null,
    states: USER_STATES,
    allRoles: ROLES,
    picker,
    roles: grantableRoles(staff.user),
    units: unitOptions(form.units),
    unitsNarrowed: form.narrowed,
    minPassword: MIN_PASSWORD_LENGTH,
  };
}

/** Every user of the filter, as CSV (never a password hash). */
export async function usersCsv(app: AppContext, request: Request): Promise<Response> {
  const staff = await requireStaff(app, request, MANAGERS);
  const { params, filter } = await userFilter(app, staff, request);
  const t = staff.t;
  return listCsv(
    "nguoi-dung.csv",
    [
      t("admin:users.username"),
      t("admin:users.role"),
      t("admin:users.unit_code"),
      t("admin:users.unit"),
      t("admin:users.state"),
      t("admin:users.password_changed_at"),
    ],
    params,
    (req) => pageUsers(app.db, filter, req),
    (u) => [
      u.username,
      t(`admin:roles.${u.role}`),
      u.unitCode,
      u.unitName ?? t("admin:users.whole_installation"),
      u.disabled ? t("admin:users.disabled") : t("admin:users.enabled"),
      u.passwordChangedAt,
    ]
  );
}

const password = z
  .string()
  .transform((v) => v.trim())
  .refine((v) => v === "" || v.length >= MIN_PASSWORD_LENGTH, {
    params: { code: "too_short", min: MIN_PASSWORD_LENGTH },
  })
  .refine((v) => v.length <= 200, { params: { code: "too_long", max: 200 } });

const accessSchema = z.object({ role: z.enum(ROLES), unit: optionalId });
const createSchema = accessSchema.extend({ username, password, email: optionalEmail });
const emailSchema = z.object({ email: optionalEmail });

/** Problems with handing `role` at `unitId` out, for this staff member. */
function checkGrant(staff: Staff, role: Role, unitId: number | null): void {
  if (!grantableRoles(staff.user).includes(role)) reject("role", "role_not_grantable");
  if (role === "admin") {
    if (unitId !== null) reject("unit", "admin_has_no_unit");
  } else if (unitId === null) {
    reject("unit", "role_needs_unit");
  } else if (!staff.scope.has(unitId)) {
    reject("unit", "unit_not_found");
  }
}

export interface CreatedUser {
  id: number;
  username: string;
  /** Shown once when generated. */
  password: string | null;
}

export async function createUser(
  db: DB,
  staff: Staff,
  now: Date,
  input: Omit<z.output<typeof createSchema>, "email"> & { email?: string | null }
): Promise<CreatedUser> {
  checkGrant(staff, input.role, input.unit);
  const generated = input.password === "" ? generatePassword() : null;
  const passwordHash = await hashPassword(generated ?? input.password);
  return db.transaction().execute(async (trx) => {
    if (await findUserByUsername(trx, input.username)) reject("username", "duplicate_username");
    const at = now.toISOString();
    const user = await insertUnique(
      insertUser(trx, {
        username: input.username,
        passwordHash,
        role: input.role,
        unitId: input.unit,
        email: input.email ?? null,
        createdAt: at,
        passwordChangedAt: at,
      }),
      "username",
      "duplicate_username"
    );
    await recordAudit(trx, actorOf(staff), now, {
      action: "create",
      entity: "user",
      entityId: user.id,
      unitId: user.unitId,
      after: await auditValues(trx, user),
    });
    return { id: user.id, username: user.username, password: generated };
  });
}

export async function usersAction(app: AppContext, request: Request): Promise<ActionResult<{ created?: CreatedUser }>> {
  const staff = await requireStaff(app, request, MANAGERS);
  const { intent, values } = await readForm(request);
  if (intent !== "create") return badIntent(staff.t);
  return runForm(staff.t, "create", values, createSchema, async (input) => ({
    status: 200,
    body: { created: await createUser(app.db, staff, app.now(), input) },
  }));
}

/** A user this staff member may see (404 otherwise): system administrators are outside every unit scope. */
async function userInScope(db: DB, staff: Staff, rawId: string | undefined): Promise<User> {
  const id = Number(rawId);
  const user = Number.isInteger(id) && id > 0 ? await findUserById(db, id) : undefined;
  if (!user || !(staff.scope.all || (user.unitId !== null && staff.scope.has(user.unitId)))) notFound();
  return user;
}

const RANK: Record<Role, number> = { viewer: 0, manager: 1, admin: 2 };

/**
 * Why the staff member may not reset, change or disable this user, or null
 * when they may: never themselves; an administrator anyone else; anyone else
 * only users of a strictly lower role (in their subtree: userInScope). A
 * manager who could reset a peer manager's password could sign in as them,
 * and one who could change a peer's role could first make them a viewer.
 */
function editRefusal(staff: Staff, user: User): string | null {
  if (user.id === staff.user.id) return "cannot_change_self";
  if (staff.user.role === "admin") return null;
  if (!grantableRoles(staff.user).includes(user.role)) return "role_not_grantable";
  return RANK[user.role] < RANK[staff.user.role] ? null : "role_not_below";
}

function requireEditable(staff: Staff, user: User): void {
  const refusal = editRefusal(staff, user);
  if (refusal) reject("", refusal);
}

export async function loadUser(app: AppContext, request: Request, rawId: string | undefined) {
  const staff = await requireStaff(app, request, MANAGERS);
  const user = await userInScope(app.db, staff, rawId);
  const history = await listAuditEntries(app.db, { entity: "user", entityId: String(user.id), limit: 50 });
  const unit = user.unitId === null ? undefined : await findUnitById(app.db, user.unitId);
  // The scope's units while they are few; else the top ones and those right below, with the user's own.
  const form = await formUnits(app, staff, null);
  const units =
    unit && staff.scope.has(unit.id) && !form.units.some((u) => u.id === unit.id)
      ? [{ id: unit.id, code: unit.code, name: unit.name, level: unit.level }, ...form.units]
      : form.units;
  return {
    user: {
      id: user.id,
      username: user.username,
      role: user.role,
      unitId: user.unitId,
      unit: unit ? { code: unit.code, name: unit.name } : null,
      disabled: user.disabled,
      email: user.email,
      createdAt: user.createdAt,
      passwordChangedAt: user.passwordChangedAt,
    },
    canEdit: editRefusal(staff, user) === null,
    isSelf: user.id === staff.user.id,
    roles: grantableRoles(staff.user),
    units,
    history: history.map(auditView),
  };
}

async function changeUser(
  db: DB,
  staff: Staff,
  now: Date,
  user: User,
  action: "update" | "disable" | "enable",
  patch: Partial<Pick<User, "role" | "unitId" | "disabled" | "email">>
) {
  requireEditable(staff, user);
  await db.transaction().execute(async (trx) => {
    const updated = await updateUser(trx, user.id, patch);
    if (patch.disabled === 1) await deleteSessionsOfUser(trx, user.id);
    await recordAudit(trx, actorOf(staff), now, {
      action,
      entity: "user",
      entityId: user.id,
      unitId: updated.unitId ?? user.unitId,
      before: await auditValues(trx, user),
      after: await auditValues(trx, updated),
    });
  });
}

export async function changeAccess(db: DB, staff: Staff, now: Date, user: User, input: z.output<typeof accessSchema>) {
  requireEditable(staff, user);
  checkGrant(staff, input.role, input.unit);
  await changeUser(db, staff, now, user, "update", { role: input.role, unitId: input.unit });
}

/** The address alerts go to (optional); audited like any change of the user. */
export async function setEmail(db: DB, staff: Staff, now: Date, user: User, email: string | null) {
  await changeUser(db, staff, now, user, "update", { email });
}

export async function setDisabled(db: DB, staff: Staff, now: Date, user: User, disabled: boolean) {
  await changeUser(db, staff, now, user, disabled ? "disable" : "enable", { disabled: disabled ? 1 : 0 });
}

/**
 * The one way a password changes: the new hash stored, every session of the
 * user ended (sign-out everywhere), and the change audited, in one transaction.
 */
export async function replacePassword(
  db: DB,
  actor: Actor,
  now: Date,
  user: Pick<User, "id" | "unitId" | "passwordChangedAt">,
  passwordHash: string,
  action: "reset_password" | "change_password"
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await setUserPassword(trx, user.id, passwordHash, now.toISOString());
    await deleteSessionsOfUser(trx, user.id);
    await recordAudit(trx, actor, now, {
      action,
      entity: "user",
      entityId: user.id,
      unitId: user.unitId,
      before: { password_changed_at: user.passwordChangedAt },
      after: { password_changed_at: now.toISOString() },
    });
  });
}

/** A new generated password, shown once; every session of the user ends. */
export async function resetPassword(db: DB, staff: Staff, now: Date, user: User): Promise<string> {
  requireEditable(staff, user);
  const fresh = generatePassword();
  await replacePassword(db, actorOf(staff), now, user, await hashPassword(fresh), "reset_password");
  return fresh;
}

export async function userAction(
  app: AppContext,
  request: Request,
  rawId: string | undefined
): Promise<ActionResult<{ password?: string }>> {
  const staff = await requireStaff(app, request, MANAGERS);
  const user = await userInScope(app.db, staff, rawId);
  const { intent, values } = await readForm(request);
  const now = app.now();
  const path = `/admin/users/${user.id}`;
  switch (intent) {
    case "access":
      return runForm(staff.t, "access", values, accessSchema, async (input) => {
        await changeAccess(app.db, staff, now, user, input);
        done(path, "user_updated");
      });
    case "email":
      return runForm(staff.t, "email", values, emailSchema, async (input) => {
        await setEmail(app.db, staff, now, user, input.email);
        done(path, "user_email_saved");
      });
    case "disable":
    case "enable":
      return runWork(staff.t, "state", values, async () => {
        await setDisabled(app.db, staff, now, user, intent === "disable");
        done(path, intent === "disable" ? "user_disabled" : "user_enabled");
      });
    case "reset_password":
      return runWork(staff.t, "password", values, async () => ({
        status: 200,
        body: { password: await resetPassword(app.db, staff, now, user) },
      }));
    default:
      return badIntent(staff.t);
  }
}
