import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listAuditEntries } from "~db/repositories/audit";
import { listDesks } from "~db/repositories/desks";
import { listDevices } from "~db/repositories/devices";
import { findUserByUsername, listUsers } from "~db/repositories/users";
import { verifyPassword } from "~/auth/password.server";
import { importDesks } from "~/admin/desk-import.server";
import { issueSheetCodes, pairingSheetPdf } from "~/admin/pairing-sheet.server";
import { importTablets } from "~/admin/tablet-import.server";
import { importUsers } from "~/admin/user-import.server";
import { pairWithCode } from "~/devices/devices.server";
import { getT } from "~/i18n/i18n.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { addUnit, staffFor, thrownStatus } from "../../helpers/staff";

/** A province with two communes under a district, and a second district elsewhere. */
async function province(app: Parameters<typeof staffFor>[0]) {
  const admin = await staffFor(app, "admin");
  const p = await addUnit(app, admin, { code: "96", name: "Tỉnh Cà Mau", level: "province" });
  const d1 = await addUnit(app, admin, { code: "961", name: "Huyện Một", level: "district", parent: p.id });
  const d2 = await addUnit(app, admin, { code: "962", name: "Huyện Hai", level: "district", parent: p.id });
  await addUnit(app, admin, { code: "96101", name: "Xã Tân Lộc", level: "commune", parent: d1.id });
  await addUnit(app, admin, { code: "96102", name: "Xã Tân Hưng", level: "commune", parent: d1.id });
  await addUnit(app, admin, { code: "96201", name: "Xã Ea Tul", level: "commune", parent: d2.id });
  return { admin };
}

describe.each(databaseFactories())("bulk imports of desks, tablets and accounts on $dialect", (factory) => {
  const testApp = useTestApp(factory, async (app) => {
    await province(app);
  });

  it("imports desks from a semicolon file with a BOM whole, audited, and finds nothing new the second time", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const file = "\uFEFFma_don_vi;ma_quay;ten\r\n96101;96101-Q1;Quầy số 1 Xã Tân Lộc\r\n96101;96101-Q2;Quầy số 2\r\n";
    expect(await importDesks(app.db, admin, app.now(), file)).toEqual({ applied: true, created: 2 });
    const desks = (await listDesks(app.db)).filter((d) => d.unitCode === "96101");
    expect(desks.map((d) => [d.code, d.name])).toEqual([
      ["96101-Q1", "Quầy số 1 Xã Tân Lộc"],
      ["96101-Q2", "Quầy số 2"],
    ]);
    const audit = await listAuditEntries(app.db, { entity: "desk", action: "import" });
    expect(audit.map((e) => e.after)).toContainEqual(expect.objectContaining({ code: "96101-Q1", unit: "96101" }));
    expect(await importDesks(app.db, admin, app.now(), file)).toEqual({ applied: true, created: 0 });
  });

  it("stores no desk when one row is bad, and says why on each bad row", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const before = await listDesks(app.db);
    const audited = (await listAuditEntries(app.db)).length;
    const file = [
      "96102,96102-Q1,Quầy số 1",
      "96109,96109-Q1,Quầy của xã không có", // no such unit
      "96102,96102 Q2,Quầy số 2", // a space in the code
      "96102,96102-q1,Quầy trùng", // the first row's code again
      "96102,96101-Q1,Quầy đã có", // a code stored at another unit
      "96102,96102-Q3", // too few columns
    ].join("\n");
    const outcome = await importDesks(app.db, admin, app.now(), file);
    expect(outcome.applied).toBe(false);
    if (outcome.applied) return;
    expect(outcome.plan.rows.map((r) => [r.line, r.status, r.problems.map((p) => `${p.field}:${p.code}`)])).toEqual([
      [1, "new", []],
      [2, "error", ["unit_code:unit_code_not_found"]],
      [3, "error", ["code:desk_code_format"]],
      [4, "error", ["code:repeated_in_file"]],
      [5, "error", ["code:duplicate_desk_code"]],
      [6, "error", [":csv_columns"]],
    ]);
    expect(await listDesks(app.db)).toEqual(before);
    expect(await listAuditEntries(app.db)).toHaveLength(audited);
  });

  it("keeps a manager's desk import inside their subtree", async () => {
    const app = testApp();
    const manager = await staffFor(app, "manager", "961");
    const refused = await importDesks(app.db, manager, app.now(), "96102,96102-M1,Quầy A\n96201,96201-M1,Quầy B");
    expect(refused.applied).toBe(false);
    if (!refused.applied) expect(refused.plan.rows[1].problems[0].code).toBe("unit_code_not_found");
    expect(await importDesks(app.db, manager, app.now(), "96102,96102-M1,Quầy A")).toEqual({
      applied: true,
      created: 1,
    });
  });

  it("imports tablets without codes, then a sheet gives them 12-digit codes for the chosen time that pair once", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    await importDesks(app.db, admin, app.now(), "96201,96201-MC,Một cửa Xã Ea Tul");
    const manager = await staffFor(app, "manager", "962");
    const file = "desk_code,name\n96201-MC,Máy 1\n96201-MC,Máy 2\n";
    const outcome = await importTablets(app.db, manager, app.now(), file);
    expect(outcome.applied).toBe(true);
    if (!outcome.applied) return;
    expect(outcome.deviceIds).toHaveLength(2);
    const stored = (await listDevices(app.db)).filter((d) => outcome.deviceIds.includes(d.id));
    expect(stored.map((d) => [d.name, d.deskCode, d.pairingExpiresAt])).toEqual([
      ["Máy 1", "96201-MC", null],
      ["Máy 2", "96201-MC", null],
    ]);
    // Again: nothing new. A desk outside the manager's subtree is refused.
    expect(await importTablets(app.db, manager, app.now(), file)).toEqual({ applied: true, deviceIds: [] });
    const outside = await importTablets(app.db, manager, app.now(), "96101-Q1,Máy 9");
    expect(outside.applied).toBe(false);

    const cards = await issueSheetCodes(
      app.db,
      app.config.sessionSecret,
      manager,
      app.now(),
      outcome.deviceIds,
      72,
      "https://hailong.example.vn"
    );
    expect(cards.map((c) => [c.deviceName, c.deskName])).toEqual([
      ["Máy 1", "Một cửa Xã Ea Tul"],
      ["Máy 2", "Một cửa Xã Ea Tul"],
    ]);
    for (const card of cards) {
      expect(card.code).toMatch(/^\d{12}$/);
      expect(card.url).toBe(`https://hailong.example.vn/kiosk/pair?code=${card.code}`);
      expect(card.expiresAt).toBe(new Date(app.now().getTime() + 72 * 3_600_000).toISOString());
    }
    const audit = await listAuditEntries(app.db, { entity: "device", action: "pairing_code" });
    expect(audit.filter((e) => outcome.deviceIds.includes(Number(e.entityId)))).toHaveLength(2);

    // The PDF holds every card's code, readable by pdftotext.
    const pdf = await pairingSheetPdf(cards, getT("vi"), "vi", app.now());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sheet-"));
    fs.writeFileSync(path.join(dir, "s.pdf"), pdf);
    const text = execFileSync("pdftotext", ["-layout", path.join(dir, "s.pdf"), "-"], { encoding: "utf8" });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(text).toContain("Phiếu ghép nối máy tính bảng");
    expect(text).toContain("Quầy: Một cửa Xã Ea Tul");
    expect(text).toContain("(96201-MC)");
    for (const card of cards) expect(text).toContain(card.code.replace(/(\d{4})(?=\d)/g, "$1 "));

    // Valid for three days, not a minute more; each code once.
    const later = new Date(app.now().getTime() + 71 * 3_600_000);
    const paired = await pairWithCode(app.db, app.config.sessionSecret, cards[0].code, later);
    expect(paired?.deviceId).toBe(outcome.deviceIds[0]);
    expect(await pairWithCode(app.db, app.config.sessionSecret, cards[0].code, later)).toBeNull();
    const tooLate = new Date(app.now().getTime() + 72 * 3_600_000 + 1000);
    expect(await pairWithCode(app.db, app.config.sessionSecret, cards[1].code, tooLate)).toBeNull();

    // Another manager's tablets: 404, nothing issued.
    const other = await staffFor(app, "manager", "961");
    expect(
      await thrownStatus(() =>
        issueSheetCodes(app.db, app.config.sessionSecret, other, app.now(), outcome.deviceIds, 24, "http://x")
      )
    ).toBe(404);
  });

  it("imports accounts with one-time generated passwords, within what the importer may grant", async () => {
    const app = testApp();
    const manager = await staffFor(app, "manager", "961");
    const bad = [
      "username;role;unit_code;email",
      "tanloc.quanly;Quản lý;96101;ql@tanloc.example.vn",
      "tanloc.admin;admin;;", // a manager cannot make administrators
      "eatul.theodoi;viewer;96201;", // outside the manager's subtree
      "Tan Loc;viewer;96101;", // not a username
      "tanloc.theodoi;viewer;;", // a viewer needs a unit
      "tanloc.theodoi2;chủ tịch;96101;", // no such role
      "tanloc.quanly;viewer;96102;", // twice in the file
      "tanloc.email;viewer;96101;not-an-address",
    ].join("\n");
    const before = await listUsers(app.db);
    const refused = await importUsers(app.db, manager, app.now(), bad);
    expect(refused.applied).toBe(false);
    if (refused.applied) return;
    expect(refused.plan.rows.map((r) => r.problems.map((p) => `${p.field}:${p.code}`))).toEqual([
      [],
      ["role:role_not_grantable"],
      ["unit_code:unit_code_not_found"],
      ["username:username_format"],
      ["unit_code:role_needs_unit"],
      ["role:invalid_option"],
      ["username:repeated_in_file"],
      ["email:invalid_email"],
    ]);
    expect(await listUsers(app.db)).toEqual(before);

    const good = "tanloc.quanly;Quản lý;96101;ql@tanloc.example.vn\ntanhung.theodoi;Theo dõi;96102;\n";
    const outcome = await importUsers(app.db, manager, app.now(), good);
    expect(outcome.applied).toBe(true);
    if (!outcome.applied) return;
    expect(outcome.accounts.map((a) => a.username)).toEqual(["tanloc.quanly", "tanhung.theodoi"]);
    for (const account of outcome.accounts) {
      const user = await findUserByUsername(app.db, account.username);
      expect(await verifyPassword(account.password, user!.passwordHash)).toBe(true);
    }
    expect(await findUserByUsername(app.db, "tanloc.quanly")).toMatchObject({
      role: "manager",
      email: "ql@tanloc.example.vn",
    });
    const audit = await listAuditEntries(app.db, { entity: "user", action: "import" });
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain(outcome.accounts[0].password);
    // Again: unchanged, no new passwords.
    expect(await importUsers(app.db, manager, app.now(), good)).toEqual({ applied: true, accounts: [] });
  });
});
