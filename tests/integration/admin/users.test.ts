import { describe, expect, it } from "vitest";
import { listAuditEntries } from "~db/repositories/audit";
import { findUserById, findUserByUsername } from "~db/repositories/users";
import { changeAccess, createUser, resetPassword, setDisabled } from "~/admin/users.server";
import { changeOwnPassword } from "~/admin/account.server";
import { checkCredentials } from "~/auth/login.server";
import { getCurrentUser, startSession } from "~/auth/session.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk } from "../../helpers/fixtures";
import { problemCodes, staffFor } from "../../helpers/staff";

describe.each(databaseFactories())("users on $dialect", (factory) => {
  const testApp = useTestApp(factory, async (app) => {
    const province = await createUnitWithDesk(app, { code: "14", name: "Tỉnh Sơn La", level: "province" });
    const a = await createUnitWithDesk(app, {
      code: "141",
      name: "Huyện A",
      level: "district",
      parentId: province.unit.id,
    });
    await createUnitWithDesk(app, { code: "14101", name: "Xã A1", level: "commune", parentId: a.unit.id });
    await createUnitWithDesk(app, { code: "142", name: "Huyện B", level: "district", parentId: province.unit.id });
  });
  const unitId = async (code: string) =>
    (await testApp().db.selectFrom("units").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  const request = () => new Request("http://localhost/admin/users");

  it("lets a manager create managers and viewers inside their subtree, never an administrator or outside it", async () => {
    const app = testApp();
    const manager = await staffFor(app, "manager", "141");
    const created = await createUser(app.db, manager, app.now(), {
      username: "can.bo-xa",
      role: "viewer",
      unit: await unitId("14101"),
      password: "",
    });
    expect(created.password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(await findUserByUsername(app.db, "can.bo-xa")).toMatchObject({ role: "viewer" });
    expect(await checkCredentials(app, "can.bo-xa", created.password!)).not.toBeNull();

    const attempt = (role: "admin" | "manager" | "viewer", unit: number | null, username = "khac") =>
      problemCodes(() => createUser(app.db, manager, app.now(), { username, role, unit, password: "" }));
    expect(await attempt("admin", null)).toEqual(["role:role_not_grantable"]);
    expect(await attempt("manager", await unitId("142"))).toEqual(["unit:unit_not_found"]);
    expect(await attempt("manager", await unitId("14"))).toEqual(["unit:unit_not_found"]);
    expect(await attempt("viewer", null)).toEqual(["unit:role_needs_unit"]);
    expect(await attempt("viewer", await unitId("141"), "can.bo-xa")).toEqual(["username:duplicate_username"]);
    expect(await attempt("manager", await unitId("141"))).toEqual([]);
  });

  it("lets a manager neither raise a user above themselves nor edit themselves or an administrator", async () => {
    const app = testApp();
    const manager = await staffFor(app, "manager", "141");
    const admin = await staffFor(app, "admin");
    const viewer = await createUser(app.db, manager, app.now(), {
      username: "nguoi.xem",
      role: "viewer",
      unit: await unitId("14101"),
      password: "mot-mat-khau-du-dai",
    });
    const row = (await findUserById(app.db, viewer.id))!;
    const provinceId = await unitId("14");
    expect(
      await problemCodes(() => changeAccess(app.db, manager, app.now(), row, { role: "admin", unit: null }))
    ).toEqual(["role:role_not_grantable"]);
    expect(
      await problemCodes(() => changeAccess(app.db, manager, app.now(), row, { role: "manager", unit: provinceId }))
    ).toEqual(["unit:unit_not_found"]);
    await changeAccess(app.db, manager, app.now(), row, { role: "manager", unit: await unitId("141") });
    expect(await findUserById(app.db, viewer.id)).toMatchObject({ role: "manager" });

    const self = (await findUserById(app.db, manager.user.id))!;
    expect(await problemCodes(() => setDisabled(app.db, manager, app.now(), self, true))).toEqual([
      ":cannot_change_self",
    ]);
    const adminRow = (await findUserById(app.db, admin.user.id))!;
    expect(await problemCodes(() => resetPassword(app.db, manager, app.now(), adminRow))).toEqual([
      ":role_not_grantable",
    ]);
    const entry = (
      await listAuditEntries(app.db, { entity: "user", entityId: String(viewer.id), action: "update" })
    )[0];
    expect(entry.before).toMatchObject({ role: "viewer", unit: "14101" });
    expect(entry.after).toMatchObject({ role: "manager", unit: "141" });
  });

  it("lets a manager reset, change or disable only users of a lower role in their subtree, never a peer manager; an administrator anyone but themselves", async () => {
    const app = testApp();
    const manager = await staffFor(app, "manager", "141");
    const peer = (await findUserById(app.db, (await staffFor(app, "manager", "141")).user.id))!;
    const below = (await findUserById(app.db, (await staffFor(app, "manager", "14101")).user.id))!;
    const viewer = (await findUserById(app.db, (await staffFor(app, "viewer", "14101")).user.id))!;
    const peerHash = peer.passwordHash;
    // A peer's password, role, scope and state are out of reach: a reset would let the manager sign in as them.
    for (const target of [peer, below]) {
      expect(await problemCodes(() => resetPassword(app.db, manager, app.now(), target))).toEqual([":role_not_below"]);
      expect(
        await problemCodes(() =>
          changeAccess(app.db, manager, app.now(), target, { role: "viewer", unit: target.unitId })
        )
      ).toEqual([":role_not_below"]);
      expect(await problemCodes(() => setDisabled(app.db, manager, app.now(), target, true))).toEqual([
        ":role_not_below",
      ]);
    }
    expect(await findUserById(app.db, peer.id)).toMatchObject({
      role: "manager",
      disabled: 0,
      passwordHash: peerHash,
    });
    // A viewer of the subtree is the manager's to manage.
    expect(await resetPassword(app.db, manager, app.now(), viewer)).toMatch(/^\S{16}$/);
    await setDisabled(app.db, manager, app.now(), viewer, true);

    const admin = await staffFor(app, "admin");
    const otherAdmin = (await findUserById(app.db, (await staffFor(app, "admin")).user.id))!;
    expect(await resetPassword(app.db, admin, app.now(), peer)).toMatch(/^\S{16}$/);
    expect(await resetPassword(app.db, admin, app.now(), otherAdmin)).toMatch(/^\S{16}$/);
    const self = (await findUserById(app.db, admin.user.id))!;
    expect(await problemCodes(() => resetPassword(app.db, admin, app.now(), self))).toEqual([":cannot_change_self"]);
  });

  it("signs a user out everywhere on disable, password reset and password change", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const created = await createUser(app.db, admin, app.now(), {
      username: "phien.lam.viec",
      role: "viewer",
      unit: await unitId("14"),
      password: "mat-khau-ban-dau",
    });
    const signedIn = async () => {
      const cookie = (await startSession(app, created.id, request())).split(";")[0];
      return new Request("http://localhost/admin", { headers: { cookie } });
    };
    const row = async () => (await findUserById(app.db, created.id))!;

    const a = await signedIn();
    await setDisabled(app.db, admin, app.now(), await row(), true);
    expect(await getCurrentUser(app, a)).toBeNull();
    expect(await checkCredentials(app, "phien.lam.viec", "mat-khau-ban-dau")).toBeNull();
    await setDisabled(app.db, admin, app.now(), await row(), false);

    const b = await signedIn();
    const fresh = await resetPassword(app.db, admin, app.now(), await row());
    expect(await getCurrentUser(app, b)).toBeNull();
    expect(await checkCredentials(app, "phien.lam.viec", "mat-khau-ban-dau")).toBeNull();
    expect(await checkCredentials(app, "phien.lam.viec", fresh)).not.toBeNull();

    const other = await signedIn();
    const mine = await signedIn();
    const me = await getCurrentUser(app, mine);
    const staff = { ...admin, user: me!, scope: { all: false, unitIds: [], has: () => false } };
    expect(
      await problemCodes(() =>
        changeOwnPassword(app, staff, mine, "10.0.0.1", {
          current: "sai-mat-khau",
          password: "mat-khau-moi-123",
          confirm: "mat-khau-moi-123",
        })
      )
    ).toEqual(["current:wrong_password"]);
    const cookie = await changeOwnPassword(app, staff, mine, "10.0.0.1", {
      current: fresh,
      password: "mat-khau-moi-123",
      confirm: "mat-khau-moi-123",
    });
    expect(await getCurrentUser(app, other)).toBeNull();
    expect(await getCurrentUser(app, mine)).toBeNull();
    const renewed = new Request("http://localhost/admin", { headers: { cookie: cookie.split(";")[0] } });
    expect((await getCurrentUser(app, renewed))?.id).toBe(created.id);
  });
});
