/**
 * A unit's report signing settings (/admin/units/:id, «Văn bản báo cáo»):
 * saved for the unit's code by a manager of the unit's subtree, audited, and
 * used by the unit's next report unless the report says otherwise.
 */
import { describe, expect, it } from "vitest";
import { listAuditEntries } from "~db/repositories/audit";
import { findReportSigner } from "~db/repositories/report-signers";
import { saveReportSigner } from "~/admin/units-write.server";
import { buildReportDocument } from "~/reports/export/document.server";
import { type PreparedReport, prepareReport } from "~/reports/query.server";
import { signingSchema } from "~/reports/signing.server";
import { validate } from "~/utils/problems";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { addUnit, staffFor, thrownStatus } from "../../helpers/staff";

describe.each(databaseFactories())("report signing settings on $dialect", (factory) => {
  const testApp = useTestApp(factory);

  it("saves a commune's signer for its managers only, audits it, and the commune's report uses it", async () => {
    const app = testApp();
    const admin = await staffFor(app, "admin");
    const province = await addUnit(app, admin, { code: "40", name: "Tỉnh Nghệ An", level: "province" });
    const commune = await addUnit(app, admin, {
      code: "40101",
      name: "Xã Hưng Đông",
      level: "commune",
      parent: province.id,
    });
    const other = await addUnit(app, admin, {
      code: "40102",
      name: "Xã Nghi Phú",
      level: "commune",
      parent: province.id,
    });

    // A form as posted: empty fields mean "the level's default".
    const form = validate(signingSchema, {
      intent: "signer",
      issuer: "",
      issuer_name: "",
      number_suffix: "",
      authority: "KT",
      principal: "",
      signer_title: "Phó Chủ tịch",
      signer_name: "Hồ Thị Lan",
      recipients: "- Như trên;\r\n\r\n- Lưu: VT.",
    });
    expect(form.ok).toBe(true);
    if (!form.ok) return;

    const outsider = await staffFor(app, "manager", "40102");
    expect(await thrownStatus(() => saveReportSigner(app.db, outsider, app.now(), commune.id, form.data))).toBe(404);
    const viewer = await staffFor(app, "viewer", "40101");
    // A viewer of the commune sees it but may not change how it signs.
    expect(await thrownStatus(() => saveReportSigner(app.db, viewer, app.now(), commune.id, form.data))).toBe(403);
    expect(await findReportSigner(app.db, "40101")).toBeUndefined();

    // The commune's own manager may: the commune issues its own reports.
    const manager = await staffFor(app, "manager", "40101");
    await saveReportSigner(app.db, manager, app.now(), commune.id, form.data);
    expect(await findReportSigner(app.db, "40101")).toMatchObject({
      authority: "KT",
      principal: null,
      signerTitle: "Phó Chủ tịch",
      signerName: "Hồ Thị Lan",
      recipients: ["Như trên;", "Lưu: VT."],
    });
    expect(await findReportSigner(app.db, "40102")).toBeUndefined();
    const [entry] = await listAuditEntries(app.db, { entity: "report_signer", entityId: "40101", limit: 5 });
    expect(entry).toMatchObject({ action: "create", unitId: commune.id, username: manager.user.username });
    expect(entry.after).toMatchObject({
      authority: "KT",
      signer_name: "Hồ Thị Lan",
      recipients: "Như trên;; Lưu: VT.",
    });

    const document = async (unit: string, extra: Record<string, string> = {}) => {
      const prepared = (await prepareReport(app, null, { period: "2026-11", unit, ...extra })) as Extract<
        PreparedReport,
        { ok: true }
      >;
      return buildReportDocument(
        app.db,
        { period: prepared.query.period, scope: prepared.scope, targets: prepared.targets },
        "vi",
        app.now(),
        prepared.query.document
      );
    };
    const saved = await document("40101");
    expect(saved.issuer).toEqual(["", "UBND XÃ HƯNG ĐÔNG"]);
    // KT. of the commune's default principal (the People's Committee's chairman's collective).
    expect(saved.signer).toMatchObject({ lines: ["KT. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH"], name: "Hồ Thị Lan" });
    expect(saved.recipients.lines).toEqual(["Như trên;", "Lưu: VT."]);
    // The report's own choice wins over the unit's.
    const override = await document("40101", {
      authority: "TM",
      signer_title: "Chủ tịch",
      signer_name: "Phan Văn Hùng",
    });
    expect(override.signer).toMatchObject({ lines: ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], name: "Phan Văn Hùng" });
    // The other commune keeps the defaults.
    expect((await document("40102")).signer).toMatchObject({ lines: ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], name: "" });
    void other;

    // A second save is an update, with the values before.
    await saveReportSigner(app.db, admin, app.now(), commune.id, { ...form.data, signer_name: "Hồ Thị Mai" });
    const [update] = await listAuditEntries(app.db, { entity: "report_signer", entityId: "40101", limit: 5 });
    expect(update.action).toBe("update");
    expect(update.before).toMatchObject({ signer_name: "Hồ Thị Lan" });
  });

  it("refuses control characters and too many recipients", () => {
    const bad = validate(signingSchema, {
      signer_name: "Hồ\tLan",
      recipients: Array.from({ length: 21 }, (_, i) => `Nơi ${i};`).join("\n"),
      authority: "Chủ tịch",
    });
    expect(bad.ok ? [] : bad.problems.map((p) => `${p.field}:${p.code}`).sort()).toEqual([
      "authority:invalid_option",
      "recipients:too_many_recipients",
      "signer_name:invalid_text",
    ]);
  });
});
