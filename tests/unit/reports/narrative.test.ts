import { describe, expect, it } from "vitest";
import { halfPeriod, monthPeriod, previousPeriod, quarterPeriod, yearPeriod } from "~/domain/periods";
import { DEFAULT_TARGETS, type RateCounts, emptyCounts, rateGroup } from "~/domain/rates";
import { getT } from "~/i18n/i18n.server";
import { type NarrativeInput, draftNarrative, unitsBelow } from "~/reports/narrative";
import { documentNumber, resolveSigning, signerLines, NO_CHOICES, type Signing } from "~/reports/signing";

const t = getT("vi");

function counts(c: Partial<RateCounts>): RateCounts {
  const base = { ...emptyCounts(), ...c };
  base.total = base.verySatisfied + base.satisfied + base.neutral + base.dissatisfied;
  return base;
}

const group = (key: string, c: Partial<RateCounts>) => rateGroup(key, key, counts(c), DEFAULT_TARGETS);

function input(overrides: Partial<NarrativeInput> = {}): NarrativeInput {
  return {
    lang: "vi",
    scopeName: "Tỉnh Thử",
    targets: DEFAULT_TARGETS,
    total: group("total", { verySatisfied: 100, satisfied: 90, neutral: 5, dissatisfied: 5, harassment: 1 }),
    units: [],
    previous: null,
    ...overrides,
  };
}

describe("draftNarrative", () => {
  it("writes I. the results from the figures, II. the targets met or not, III. blank for the official", () => {
    const [results, assessment, recommendations] = draftNarrative(input(), t);
    expect(results.heading).toBe("I. KẾT QUẢ KHẢO SÁT");
    expect(results.paragraphs).toEqual([
      "Trong kỳ báo cáo, Tỉnh Thử nhận được 200 phiếu khảo sát hợp lệ.",
      "Trong đó có 100 phiếu rất hài lòng, 90 phiếu hài lòng, 5 phiếu bình thường và 5 phiếu không hài lòng.",
      "Tỷ lệ hài lòng (rất hài lòng và hài lòng) đạt 95,0% (khoảng tin cậy 95%: 91,0% – 97,3%); tỷ lệ hài lòng tính theo Quyết định số 766/QĐ-TTg đạt 97,5%.",
      "Tỷ lệ phiếu phản ánh nhũng nhiễu, gây phiền hà là 0,5% (1 phiếu).",
    ]);
    expect(assessment.heading).toBe("II. ĐÁNH GIÁ");
    expect(assessment.paragraphs).toEqual([
      "Tỷ lệ hài lòng 95,0%, đạt chỉ tiêu (trên 92,0%).",
      "Tỷ lệ phiếu phản ánh nhũng nhiễu, gây phiền hà 0,5%, đạt chỉ tiêu (dưới 1,0%).",
    ]);
    expect(recommendations).toEqual({ heading: "III. KIẾN NGHỊ, ĐỀ XUẤT", paragraphs: [], blankLines: 4 });
  });

  it("names the units furthest below a target, worst first, at most three, leaving out those with too few responses", () => {
    const units = [
      group("Xã Một", { satisfied: 30, dissatisfied: 10, harassment: 2 }), // 75%, H 5%
      group("Xã Hai", { satisfied: 36, dissatisfied: 4 }), // 90%
      group("Xã Ba", { satisfied: 40 }), // 100%
      group("Xã Bốn", { satisfied: 5, dissatisfied: 5 }), // 50% but 10 responses
      group("Xã Năm", { satisfied: 34, dissatisfied: 6, harassment: 1 }), // 85%, H 2,5%
      group("Xã Sáu", { satisfied: 35, dissatisfied: 5 }), // 87,5%
    ];
    expect(unitsBelow(units, "satisfaction").map((u) => u.key)).toEqual(["Xã Một", "Xã Năm", "Xã Sáu"]);
    const [, assessment] = draftNarrative(input({ units }), t);
    expect(assessment.paragraphs).toContain(
      "Đơn vị có tỷ lệ hài lòng thấp nhất, chưa đạt chỉ tiêu: Xã Một (75,0%); Xã Năm (85,0%); Xã Sáu (87,5%)."
    );
    expect(assessment.paragraphs).toContain(
      "Đơn vị có tỷ lệ phiếu phản ánh nhũng nhiễu, gây phiền hà cao nhất, chưa đạt chỉ tiêu: Xã Một (5,0%); Xã Năm (2,5%)."
    );
    const [, allMet] = draftNarrative(input({ units: [units[2], units[3]] }), t);
    expect(allMet.paragraphs).toContain("Các đơn vị đủ số phiếu tối thiểu đều đạt chỉ tiêu về tỷ lệ hài lòng.");
  });

  it("compares with the previous period, and says when the change is within the margin of error", () => {
    const previous = group("prev", { satisfied: 170, dissatisfied: 30, harassment: 4 }); // 85%, H 2%
    const [, clear] = draftNarrative(input({ previous: { label: "Quý III năm 2026", total: previous } }), t);
    expect(clear.paragraphs).toContain(
      "So với kỳ trước (Quý III năm 2026), tỷ lệ hài lòng tăng 10,0 điểm phần trăm (từ 85,0% lên 95,0%)."
    );
    expect(clear.paragraphs.find((p) => p.startsWith("Tỷ lệ phiếu phản ánh nhũng nhiễu, gây phiền hà giảm"))).toBe(
      "Tỷ lệ phiếu phản ánh nhũng nhiễu, gây phiền hà giảm 1,5 điểm phần trăm (từ 2,0% xuống 0,5%). Mức chênh lệch này nằm trong sai số của khảo sát (khoảng tin cậy 95% của hai kỳ chồng lên nhau)."
    );
    const close = group("prev", { satisfied: 186, dissatisfied: 14 }); // 93%
    const [, small] = draftNarrative(input({ previous: { label: "Tháng 10 năm 2026", total: close } }), t);
    expect(small.paragraphs).toContain(
      "So với kỳ trước (Tháng 10 năm 2026), tỷ lệ hài lòng tăng 2,0 điểm phần trăm (từ 93,0% lên 95,0%). Mức chênh lệch này nằm trong sai số của khảo sát (khoảng tin cậy 95% của hai kỳ chồng lên nhau)."
    );
    const [, none] = draftNarrative(input({ previous: { label: "Tháng 10 năm 2026", total: group("p", {}) } }), t);
    expect(none.paragraphs).toContain("Kỳ trước (Tháng 10 năm 2026) chưa có phiếu khảo sát nên chưa so sánh được.");
  });

  it("does not judge targets below the minimum sample, and says so; an empty period says it has no responses", () => {
    const [, few] = draftNarrative(input({ total: group("t", { satisfied: 10 }) }), t);
    expect(few.paragraphs).toEqual([
      "Số phiếu trong kỳ (10) chưa đạt mức tối thiểu 30 phiếu nên chưa đánh giá việc đạt chỉ tiêu.",
    ]);
    const [results, assessment] = draftNarrative(input({ total: group("t", {}) }), t);
    expect(results.paragraphs).toEqual(["Trong kỳ báo cáo, Tỉnh Thử chưa nhận được phiếu khảo sát nào."]);
    expect(assessment.paragraphs).toEqual([]);
  });
});

describe("previousPeriod", () => {
  it("steps back a month, quarter, half or year, across the year's start, and a range by its length", () => {
    expect(previousPeriod(monthPeriod(2026, 1))).toMatchObject({ from: "2025-12-01", to: "2025-12-31" });
    expect(previousPeriod(quarterPeriod(2026, 4))).toMatchObject({ kind: "quarter", from: "2026-07-01" });
    expect(previousPeriod(halfPeriod(2026, 1))).toMatchObject({ from: "2025-07-01", to: "2025-12-31" });
    expect(previousPeriod(yearPeriod(2026))).toMatchObject({ from: "2025-01-01", to: "2025-12-31" });
    expect(previousPeriod({ kind: "range", from: "2026-11-11", to: "2026-11-20" })).toMatchObject({
      kind: "range",
      from: "2026-11-01",
      to: "2026-11-10",
    });
  });
});

describe("signing", () => {
  const defaults: Signing = {
    issuerKind: "department",
    issuerName: "SỞ NỘI VỤ",
    numberSuffix: "SNV",
    authority: "",
    principal: "GIÁM ĐỐC",
    signerTitle: "GIÁM ĐỐC",
    signerName: "",
    recipients: ["Lưu: VT."],
  };

  it("writes the signature's title lines for each authority", () => {
    expect(signerLines({ authority: "", principal: "GIÁM ĐỐC", signerTitle: "Giám đốc" })).toEqual(["GIÁM ĐỐC"]);
    expect(signerLines({ authority: "KT", principal: "Giám đốc", signerTitle: "Phó Giám đốc" })).toEqual([
      "KT. GIÁM ĐỐC",
      "PHÓ GIÁM ĐỐC",
    ]);
    expect(signerLines({ authority: "Q", principal: "Giám đốc", signerTitle: "Phó Giám đốc" })).toEqual([
      "Q. GIÁM ĐỐC",
    ]);
    expect(signerLines({ authority: "TM", principal: "Ủy ban nhân dân", signerTitle: "Chủ tịch" })).toEqual([
      "TM. ỦY BAN NHÂN DÂN",
      "CHỦ TỊCH",
    ]);
  });

  it("takes the report's choice, else the unit's, else the level's default; a blank number is left for the clerk", () => {
    const unit = { ...NO_CHOICES, authority: "KT" as const, signerTitle: "Phó Giám đốc", recipients: ["Như trên;"] };
    const report = { ...NO_CHOICES, signerName: "Nguyễn Văn An" };
    expect(resolveSigning([report, unit], defaults)).toMatchObject({
      authority: "KT",
      signerTitle: "Phó Giám đốc",
      signerName: "Nguyễn Văn An",
      recipients: ["Như trên;"],
      issuerName: "SỞ NỘI VỤ",
    });
    // «none» in a request is "" here: signing in one's own right, over the unit's KT.
    expect(resolveSigning([{ ...NO_CHOICES, authority: "" }, unit], defaults).authority).toBe("");
    expect(documentNumber(null, "SNV")).toMatch(/^\s+\/BC-SNV$/);
    expect(documentNumber("12", "UBND")).toBe("12/BC-UBND");
    expect(documentNumber("12/BC-VP", "SNV")).toBe("12/BC-VP");
  });
});
