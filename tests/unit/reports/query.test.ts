import { describe, expect, it } from "vitest";
import { paramsOf, parseReportQuery } from "~/reports/query.server";
import { NO_CHOICES } from "~/reports/signing";

const TODAY = "2026-11-26";

describe("parseReportQuery", () => {
  it("defaults to the current month, by unit, with no unit chosen", () => {
    expect(parseReportQuery({}, TODAY)).toEqual({
      ok: true,
      query: {
        period: { kind: "month", year: 2026, index: 11, from: "2026-11-01", to: "2026-11-30" },
        unitCode: null,
        by: "unit",
        channel: null,
        format: null,
        document: { issued: null, number: null, signing: NO_CHOICES },
      },
    });
    expect(parseReportQuery({}, TODAY, { by: "level" })).toMatchObject({ query: { by: "level" } });
  });

  it("takes a range (named when it is a shortcut), a period code, a unit, a grouping and a format", () => {
    expect(
      parseReportQuery({ from: "2026-10-01", to: "2026-12-31", by: "field", format: "xlsx", unit: "01" }, TODAY)
    ).toMatchObject({
      ok: true,
      query: { period: { kind: "quarter", index: 4 }, unitCode: "01", by: "field", format: "xlsx" },
    });
    expect(parseReportQuery({ from: "2026-11-03", to: "2026-11-20" }, TODAY)).toMatchObject({
      query: { period: { kind: "range", from: "2026-11-03", to: "2026-11-20" } },
    });
    expect(
      parseReportQuery(
        {
          format: "docx",
          issued: "2026-12-04",
          number: "12/BC-SNV",
          authority: "none",
          recipients: "- Như trên;\n\n- Lưu: VT.",
        },
        TODAY
      )
    ).toMatchObject({
      query: {
        format: "docx",
        document: {
          issued: "2026-12-04",
          number: "12/BC-SNV",
          signing: { authority: "", recipients: ["Như trên;", "Lưu: VT."], signerName: null },
        },
      },
    });
    expect(parseReportQuery({ period: "2025-H1" }, TODAY)).toMatchObject({
      query: { period: { from: "2025-01-01", to: "2025-06-30" } },
    });
  });

  it("names every problem: from after to, over five years, unknown grouping or format, bad dates and codes", () => {
    const problems = (input: Record<string, unknown>) => {
      const r = parseReportQuery(input, TODAY);
      return r.ok ? [] : r.problems.map((p) => `${p.field}:${p.code}`);
    };
    expect(problems({ from: "2026-11-27", to: "2026-11-26" })).toEqual(["from:from_after_to"]);
    expect(problems({ from: "2020-01-01", to: "2025-01-01" })).toEqual(["to:range_too_long"]);
    expect(problems({ from: "2021-01-01", to: "2025-12-31" })).toEqual([]);
    expect(problems({ by: "district", format: "odt", from: "2026-12-01", to: "2026-11-01" })).toEqual([
      "by:invalid_option",
      "format:invalid_option",
      "from:from_after_to",
    ]);
    expect(problems({ from: "2026-02-30", to: "2026-03-01" })).toEqual(["from:invalid_date"]);
    expect(problems({ from: "2026-11-01" })).toEqual(["to:required"]);
    expect(problems({ period: "2026-Q5" })).toEqual(["period:invalid_period"]);
    expect(problems({ unit: "01; drop table" })).toEqual(["unit:invalid_format"]);
  });

  it("ignores empty URL parameters", () => {
    expect(paramsOf(new URLSearchParams("from=&to=&period=2026-11&unit=&period=2026"))).toEqual({ period: "2026-11" });
  });
});
