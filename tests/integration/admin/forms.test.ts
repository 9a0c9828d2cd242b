/** Bad input through the pages' actions: translated messages next to the fields, what was typed kept, nothing written. */
import { describe, expect, it } from "vitest";
import { listAuditEntries } from "~db/repositories/audit";
import { insertDesk } from "~db/repositories/desks";
import { findTargets, listBaselines } from "~db/repositories/settings";
import { listUnits } from "~db/repositories/units";
import { insertUser } from "~db/repositories/users";
import { FormProblems, insertUnique } from "~/admin/forms.server";
import { settingsAction } from "~/admin/settings.server";
import { importAction } from "~/admin/unit-import.server";
import { unitsAction } from "~/admin/units.server";
import { usersAction } from "~/admin/users.server";
import { startSession } from "~/auth/session.server";
import { targetContext, targetsForYear } from "~/reports/targets.server";
import { type TestApp, useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk } from "../../helpers/fixtures";

async function signedInPost(
  app: TestApp,
  role: "admin" | "manager",
  unitId: number | null,
  form: Record<string, string>,
  lng = "vi"
) {
  const at = app.now().toISOString();
  const user = await insertUser(app.db, {
    username: `${role}-${Math.random().toString(36).slice(2, 8)}`,
    passwordHash: "x",
    role,
    unitId: unitId,
    createdAt: at,
    passwordChangedAt: at,
  });
  const cookie = (await startSession(app, user.id, new Request("http://localhost/"))).split(";")[0];
  return new Request(`http://localhost/admin/x?lng=${lng}`, {
    method: "POST",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
}

async function redirected(work: Promise<unknown>): Promise<string | null> {
  try {
    await work;
    return null;
  } catch (error) {
    if (error instanceof Response && error.status === 302) return error.headers.get("location");
    throw error;
  }
}

describe.each(databaseFactories())("administration forms on $dialect", (factory) => {
  const testApp = useTestApp(factory);

  it("answers a bad unit with messages next to its fields, keeps what was typed, writes nothing", async () => {
    const app = testApp();
    const { unit } = await createUnitWithDesk(app, { code: "15", name: "Tỉnh Lào Cai", level: "province" });
    const typed = {
      intent: "create",
      level: "commune",
      code: "1510",
      name: "  Xã Mới  ",
      parent: String(unit.id),
      valid_from: "2026-02-30",
      valid_to: "",
    };
    const before = await listUnits(app.db);
    const result = await unitsAction(app, await signedInPost(app, "admin", null, typed));
    expect(result.status).toBe(400);
    expect(result.body.failure).toEqual({
      form: "create",
      errors: { valid_from: "Phải là ngày dạng YYYY-MM-DD." },
      values: {
        level: "commune",
        code: "1510",
        name: "  Xã Mới  ",
        parent: String(unit.id),
        valid_from: "2026-02-30",
        valid_to: "",
      },
    });
    // Once the date is right, the rules of the tree speak, in English when the page is English.
    const second = await unitsAction(app, await signedInPost(app, "admin", null, { ...typed, valid_from: "" }, "en"));
    expect(second.body.failure?.errors).toEqual({
      code: "The code does not fit the level: province 2 digits, district 3 digits, commune 5 digits.",
    });
    expect(await listUnits(app.db)).toEqual(before);

    const ok = await redirected(
      unitsAction(app, await signedInPost(app, "admin", null, { ...typed, code: "15101", valid_from: "" }))
    );
    expect(ok).toMatch(/^\/admin\/units\/\d+\?notice=unit_created$/);
    expect((await listUnits(app.db)).find((u) => u.code === "15101")?.name).toBe("Xã Mới");
  });

  it("refuses a manager a code held outside their scope in words that neither name nor place its unit", async () => {
    const app = testApp();
    const { unit: province } = await createUnitWithDesk(app, { code: "16", name: "Tỉnh Thử", level: "province" });
    const { unit: mine } = await createUnitWithDesk(app, {
      code: "161",
      name: "Huyện Của Tôi",
      level: "district",
      parentId: province.id,
    });
    const { unit: other } = await createUnitWithDesk(app, {
      code: "162",
      name: "Huyện Bên Cạnh",
      level: "district",
      parentId: province.id,
    });
    await createUnitWithDesk(app, { code: "16201", name: "Xã Ea Tul", level: "commune", parentId: other.id });
    const expected = {
      vi: "Mã «16201» đã thuộc về một đơn vị ngoài phạm vi quản lý của bạn, nên bạn không dùng được mã này. Nếu đây đúng là mã của đơn vị bạn quản lý, hãy đề nghị quản trị hệ thống kiểm tra.",
      en: "Code “16201” belongs to a unit outside your scope, so you cannot use it. If it really is the code of a unit you manage, ask a system administrator to check.",
    };
    for (const lng of ["vi", "en"] as const) {
      const form = { intent: "create", level: "commune", code: "16201", name: "Xã Chiếm Mã", parent: String(mine.id) };
      const created = await unitsAction(
        app,
        await signedInPost(app, "manager", mine.id, { ...form, valid_from: "2027-01-01", valid_to: "" }, lng)
      );
      expect(created.status).toBe(400);
      expect(created.body.failure?.errors).toEqual({ code: expected[lng] });
      const imported = await importAction(
        app,
        await signedInPost(app, "manager", mine.id, { intent: "preview", csv: `16201,Xã Chiếm Mã,xã,161,,` }, lng)
      );
      const errors = imported.body.preview?.rows[0].errors ?? [];
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(expected[lng]);
      for (const message of [expected[lng], errors[0]]) {
        // Neither the holder's name, nor its district (by name or code), nor its desk.
        for (const secret of ["Ea Tul", "Bên Cạnh", "16201-MC"]) expect(message).not.toContain(secret);
        expect(message).not.toMatch(/(^|\D)162(\D|$)/);
      }
    }
    expect((await listUnits(app.db)).filter((u) => u.code === "16201")).toHaveLength(1);
  });

  it("turns a unique constraint a concurrent twin hit into the form's message", async () => {
    const app = testApp();
    const { desk, unit } = await createUnitWithDesk(app, { code: "22", name: "Tỉnh Quảng Ninh", level: "province" });
    // As if another request stored the same code between this one's check and its insert.
    const twin = insertDesk(app.db, { code: desk.code, name: "Quầy trùng", unitId: unit.id, createdAt: "x" });
    const refused = await insertUnique(twin, "code", "duplicate_desk_code", { code: desk.code }).catch((e) => e);
    expect(refused).toBeInstanceOf(FormProblems);
    expect((refused as FormProblems).problems).toEqual([
      { field: "code", code: "duplicate_desk_code", params: { code: desk.code } },
    ]);
    // Other database errors are not disguised.
    const broken = insertDesk(app.db, { code: "22-X", name: "Quầy", unitId: 999_999, createdAt: "x" });
    expect(await insertUnique(broken, "code", "duplicate_desk_code").catch((e) => e)).not.toBeInstanceOf(FormProblems);
  });

  it("never sends a typed password back", async () => {
    const app = testApp();
    const result = await usersAction(
      app,
      await signedInPost(app, "admin", null, {
        intent: "create",
        username: "x",
        role: "viewer",
        unit: "",
        password: "bi-mat-123",
      })
    );
    expect(result.status).toBe(400);
    expect(result.body.failure?.values).toEqual({ username: "x", role: "viewer", unit: "" });
    expect(result.body.failure?.errors).toEqual({ username: expect.stringContaining("Tên đăng nhập gồm 3–50 ký tự") });
  });

  it("saves the targets of a year for the reports, as percentages typed the Vietnamese way", async () => {
    const app = testApp();
    const post = async (form: Record<string, string>) =>
      settingsAction(app, await signedInPost(app, "admin", null, form));
    const bad = await post({
      intent: "targets",
      year: "2027",
      satisfaction: "95,5",
      harassment: "abc",
      on_time: "101",
      min_sample: "0",
    });
    expect(Object.keys(bad.body.failure?.errors ?? {}).sort()).toEqual(["harassment", "min_sample", "on_time"]);
    expect(await findTargets(app.db, 2027)).toBeUndefined();
    const location = await redirected(
      post({
        intent: "targets",
        year: "2027",
        satisfaction: "95,5",
        harassment: "0,5",
        on_time: "98",
        min_sample: "50",
      })
    );
    expect(location).toBe("/admin/settings?year=2027&notice=targets_saved");
    expect(await targetsForYear(app.db, 2027)).toEqual({
      satisfaction: 0.955,
      harassment: 0.005,
      onTime: 0.98,
      minSample: 50,
    });
    const audit = await listAuditEntries(app.db, { entity: "targets", entityId: "2027" });
    expect(audit).toHaveLength(1);
    // The resolution that set them: kept as typed, printed by reports only when entered.
    expect((await targetContext(app.db, "2027-12-31")).resolution).toBeNull();
    await redirected(
      post({
        intent: "targets",
        year: "2027",
        satisfaction: "95,5",
        harassment: "0,5",
        on_time: "98",
        min_sample: "50",
        resolution: "  Nghị quyết số 12/2026/NQ-HĐND ngày 10/12/2026 của HĐND tỉnh  ",
      })
    );
    expect(await targetContext(app.db, "2027-06-30")).toEqual({
      year: 2027,
      resolution: "Nghị quyết số 12/2026/NQ-HĐND ngày 10/12/2026 của HĐND tỉnh",
      baselines: [],
    });

    // Baseline years: validated, audited, deletable; a report shows those before its year.
    const badBaseline = await post({ intent: "baseline", year: "1999", satisfaction: "83", harassment: "x" });
    expect(Object.keys(badBaseline.body.failure?.errors ?? {}).sort()).toEqual(["harassment", "year"]);
    expect(await listBaselines(app.db)).toEqual([]);
    for (const [year, satisfaction, harassment, on_time] of [
      ["2016", "83", "1,7", ""],
      ["2019", "92", "1", "97"],
    ]) {
      expect(await redirected(post({ intent: "baseline", year, satisfaction, harassment, on_time, source: "" }))).toBe(
        "/admin/settings?notice=baseline_saved"
      );
    }
    expect((await targetContext(app.db, "2027-12-31")).baselines).toEqual([
      { year: 2016, satisfaction: 0.83, harassment: 0.017, onTime: null },
      { year: 2019, satisfaction: 0.92, harassment: 0.01, onTime: 0.97 },
    ]);
    expect((await targetContext(app.db, "2018-12-31")).baselines.map((b) => b.year)).toEqual([2016]);
    expect(await redirected(post({ intent: "baseline_delete", year: "2016" }))).toBe(
      "/admin/settings?notice=baseline_deleted"
    );
    expect((await listBaselines(app.db)).map((b) => b.year)).toEqual([2019]);
    const baselineAudit = await listAuditEntries(app.db, { entity: "baseline", entityId: "2016" });
    expect(baselineAudit.map((e) => e.action).sort()).toEqual(["create", "delete"]);
    // Managers do not change installation settings.
    const { unit } = await createUnitWithDesk(app, { code: "19", name: "Tỉnh Thái Nguyên", level: "province" });
    await expect(
      settingsAction(app, await signedInPost(app, "manager", unit.id, { intent: "province", province_name: "X" }))
    ).rejects.toMatchObject({ status: 403 });
  });
});
