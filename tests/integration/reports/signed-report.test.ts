/**
 * The report an official signs, as the official opens it: the DOCX in
 * LibreOffice Writer (converted to text, and to PDF then read by pdftotext),
 * the PDF with pdftotext — for the province and for a commune, with the
 * issuer, «Số:», the date as Nghị định 30 writes it, the drafted text,
 * «Nơi nhận» and the signer, from the unit's settings and per report.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findReportSigner, upsertReportSigner } from "~db/repositories/report-signers";
import { type PreparedReport, prepareReport } from "~/reports/query.server";
import { renderReport } from "~/reports/export/render.server";
import { type TestApp, useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { seedReportProvince } from "../../helpers/reports";
import { TOOLS } from "../../helpers/tools";

async function toBuffer(body: string | Readable): Promise<Buffer> {
  if (typeof body === "string") return Buffer.from(body, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Text with every run of white space as one space, so wrapped lines read as sentences. */
const flat = (text: string) => text.normalize("NFC").replace(/\s+/g, " ");

/** LibreOffice, in a profile of its own so parallel runs do not collide. */
function soffice(dir: string, target: string, files: string[]) {
  const result = spawnSync(
    "libreoffice",
    [
      `-env:UserInstallation=file://${path.join(dir, "profile")}`,
      "--headless",
      "--convert-to",
      target,
      "--outdir",
      dir,
      ...files,
    ],
    { encoding: "utf8", timeout: 180_000 }
  );
  expect(result.status, result.stderr).toBe(0);
}

function pdfText(file: string): string {
  const result = spawnSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  expect(result.status, result.stderr).toBe(0);
  return flat(result.stdout);
}

const canRead = TOOLS.libreoffice.available && TOOLS.pdftotext.available;

describe.each(databaseFactories())("the signable report on $dialect", (factory) => {
  const testApp = useTestApp(factory);
  let app: TestApp;
  let dir: string;
  beforeAll(async () => {
    app = testApp();
    await seedReportProvince(app);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-signed-"));
    // Xã A1's own settings: its chairman's name and its recipients.
    await upsertReportSigner(app.db, {
      unitCode: "01101",
      issuerKind: null,
      issuerName: null,
      numberSuffix: null,
      authority: null,
      principal: null,
      signerTitle: null,
      signerName: "Trần Thị Bình",
      recipients: ["Như trên;", "Thường trực Đảng ủy xã;", "Lưu: VT."],
      updatedAt: app.now().toISOString(),
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function write(name: string, params: Record<string, string>) {
    const prepared = (await prepareReport(app, null, { period: "2026-Q4", unit: "01", ...params })) as Extract<
      PreparedReport,
      { ok: true }
    >;
    expect(prepared.ok).toBe(true);
    const rendered = await renderReport(app, prepared, prepared.query.format!, "vi");
    const buffer = await toBuffer(rendered.body);
    await rendered.done;
    const file = path.join(dir, name);
    fs.writeFileSync(file, buffer);
    return { file, rendered, buffer };
  }

  it("stores a unit's signing settings", async () => {
    const saved = await findReportSigner(app.db, "01101");
    expect(saved).toMatchObject({
      signerName: "Trần Thị Bình",
      authority: null,
      recipients: ["Như trên;", "Thường trực Đảng ủy xã;", "Lưu: VT."],
    });
    expect(await findReportSigner(app.db, "011")).toBeUndefined();
  });

  it.skipIf(!canRead)("reads back from the DOCX in LibreOffice Writer, for the province and a commune", async () => {
    const province = await write("tinh.docx", {
      format: "docx",
      issued: "2026-03-05",
      number: "12/BC-SNV",
      authority: "KT",
      signer_title: "Phó Giám đốc",
      signer_name: "Nguyễn Văn An",
    });
    expect(province.rendered.contentType).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    expect(province.rendered.fileName).toBe("bao-cao-hai-long_01_2026-10-01_2026-12-31.docx");
    expect(province.buffer.subarray(0, 2).toString()).toBe("PK");
    const commune = await write("xa.docx", { format: "docx", unit: "01101", issued: "2026-01-15" });
    const office = await write("van-phong.docx", { format: "docx", issuer: "office", issued: "2026-12-04" });
    soffice(dir, "txt:Text (encoded):UTF8", [province.file, commune.file, office.file]);
    soffice(dir, "pdf", [commune.file]);
    const read = (name: string) => fs.readFileSync(path.join(dir, name), "utf8").replace(/^\uFEFF/, "");

    const tinh = read("tinh.txt");
    const top = tinh.normalize("NFC").split("\n").slice(0, 8);
    expect(top).toEqual(
      expect.arrayContaining([
        "UBND TỈNH THỬ",
        "SỞ NỘI VỤ",
        "Số: 12/BC-SNV",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Thử, ngày 05 tháng 3 năm 2026",
      ])
    );
    const text = flat(tinh);
    for (const phrase of [
      "BÁO CÁO KẾT QUẢ KHẢO SÁT MỨC ĐỘ HÀI LÒNG",
      "Quý IV năm 2026 (từ ngày 01/10/2026 đến ngày 31/12/2026)",
      "I. KẾT QUẢ KHẢO SÁT",
      "Trong kỳ báo cáo, Tỉnh Thử nhận được 100 phiếu khảo sát hợp lệ (không tính 3 phiếu nghi ngờ).",
      "tỷ lệ hài lòng tính theo Quyết định số 766/QĐ-TTg đạt 95,0%",
      "II. ĐÁNH GIÁ",
      "Tỷ lệ hài lòng 94,0%, đạt chỉ tiêu (trên 92,0%).",
      "Tỷ lệ phiếu phản ánh nhũng nhiễu, gây phiền hà 2,0%, chưa đạt chỉ tiêu (dưới 1,0%).",
      "Các đơn vị đủ số phiếu tối thiểu đều đạt chỉ tiêu về tỷ lệ hài lòng.",
      "Đơn vị có tỷ lệ phiếu phản ánh nhũng nhiễu, gây phiền hà cao nhất, chưa đạt chỉ tiêu: Huyện A (2,5%).",
      "Kỳ trước (Quý III năm 2026) chưa có phiếu khảo sát nên chưa so sánh được.",
      "III. KIẾN NGHỊ, ĐỀ XUẤT",
      "Nơi nhận: - UBND tỉnh Thử (để báo cáo); - Bộ Nội vụ (để báo cáo); - Lưu: VT.",
      "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC",
      "Nguyễn Văn An",
      "Phụ lục I KẾT QUẢ THEO CẤP HÀNH CHÍNH (Kèm theo Báo cáo số 12/BC-SNV ngày 05 tháng 3 năm 2026)",
      "Phụ lục II KẾT QUẢ THEO ĐƠN VỊ",
      "Phụ lục IV KẾT QUẢ THEO THÁNG",
      "NGƯỜI LẬP BIỂU",
    ]) {
      expect(text, phrase).toContain(phrase);
    }
    // The annex's figures: Huyện A 40 responses, S 92,5% «Đạt», Decision 766 92,5%.
    expect(text).toMatch(/Huyện A Cấp huyện 40 10 25,0% 27 67,5% 0 0,0% 3 7,5% 92,5% Đạt 92,5% 2,5% Không đạt/);

    const xa = read("xa.txt");
    expect(xa.normalize("NFC").split("\n").slice(0, 3)).toContain("UBND XÃ A1");
    const xaText = flat(xa);
    expect(xaText).not.toContain("UBND TỈNH THỬ");
    expect(xaText).not.toContain("SỞ NỘI VỤ");
    for (const phrase of [
      "Số: /BC-UBND",
      "Thử, ngày 15 tháng 01 năm 2026",
      "Trong kỳ báo cáo, Xã A1 nhận được 10 phiếu khảo sát hợp lệ.",
      "Số phiếu trong kỳ (10) chưa đạt mức tối thiểu 30 phiếu nên chưa đánh giá việc đạt chỉ tiêu.",
      "Nơi nhận: - Như trên; - Thường trực Đảng ủy xã; - Lưu: VT.",
      "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH",
      "Trần Thị Bình",
    ]) {
      expect(xaText, phrase).toContain(phrase);
    }
    // The same document through Writer's PDF export.
    const xaPdf = pdfText(path.join(dir, "xa.pdf"));
    for (const phrase of [
      "UBND XÃ A1",
      "Thử, ngày 15 tháng 01 năm 2026",
      "TM. ỦY BAN NHÂN DÂN",
      "Trần Thị Bình",
      "Phụ lục III",
    ]) {
      expect(xaPdf, phrase).toContain(phrase);
    }

    const vp = flat(read("van-phong.txt"));
    for (const phrase of [
      "UBND TỈNH THỬ VĂN PHÒNG",
      "Số: /BC-VP",
      "Thử, ngày 04 tháng 12 năm 2026",
      "CHÁNH VĂN PHÒNG",
    ]) {
      expect(vp, phrase).toContain(phrase);
    }
  });

  it.skipIf(!TOOLS.pdftotext.available)("reads back from the PDF, for the province and a commune", async () => {
    const province = await write("tinh.pdf", {
      format: "pdf",
      issued: "2026-12-04",
      number: "7",
      authority: "TL",
      principal: "Giám đốc",
      signer_title: "Chánh Văn phòng Sở",
      signer_name: "Lê Văn Cường",
      recipients: "- Như trên;\n- Lưu: VT, VP.",
    });
    const text = pdfText(province.file);
    for (const phrase of [
      "UBND TỈNH THỬ",
      "SỞ NỘI VỤ",
      "Số: 7/BC-SNV",
      "Thử, ngày 04 tháng 12 năm 2026",
      "I. KẾT QUẢ KHẢO SÁT",
      "Tỷ lệ hài lòng 94,0%, đạt chỉ tiêu (trên 92,0%).",
      "III. KIẾN NGHỊ, ĐỀ XUẤT",
      "Nơi nhận:",
      "- Như trên;",
      "- Lưu: VT, VP.",
      "TL. GIÁM ĐỐC",
      "CHÁNH VĂN PHÒNG SỞ",
      "Lê Văn Cường",
      "(Kèm theo Báo cáo số 7/BC-SNV ngày 04 tháng 12 năm 2026)",
      "NGƯỜI LẬP BIỂU",
    ]) {
      expect(text, phrase).toContain(phrase);
    }
    const xa = pdfText((await write("xa.pdf", { format: "pdf", unit: "01101", issued: "2026-03-05" })).file);
    for (const phrase of [
      "UBND XÃ A1",
      "Số: /BC-UBND",
      "Thử, ngày 05 tháng 3 năm 2026",
      "I. KẾT QUẢ KHẢO SÁT",
      "Trong kỳ báo cáo, Xã A1 nhận được 10 phiếu khảo sát hợp lệ.",
      "II. ĐÁNH GIÁ",
      "TM. ỦY BAN NHÂN DÂN",
      "CHỦ TỊCH",
      "Trần Thị Bình",
      "- Thường trực Đảng ủy xã;",
    ]) {
      expect(xa, phrase).toContain(phrase);
    }
    expect(xa).not.toContain("SỞ NỘI VỤ");
  });

  it("refuses a malformed number, date or signer with translated problems", async () => {
    const prepared = await prepareReport(app, null, {
      period: "2026-Q4",
      format: "docx",
      number: "12<script>",
      issued: "2026-02-30",
      authority: "BOSS",
      recipients: Array.from({ length: 25 }, (_, i) => `Nơi ${i}`).join("\n"),
    });
    expect(prepared.ok).toBe(false);
    if (prepared.ok) return;
    expect(prepared.status).toBe(400);
    expect(prepared.problems.map((p) => [p.field, p.code]).sort()).toEqual([
      ["authority", "invalid_option"],
      ["issued", "invalid_date"],
      ["number", "invalid_document_number"],
      ["recipients", "too_many_recipients"],
    ]);
  });
});
