import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DOSSIER_CODE_MAX_LENGTH, dossierCodeOrNull, normaliseDossierCode } from "~/domain/dossier-code";

describe("dossier codes: one stored form", () => {
  it("keeps a national code as printed on the receipt", () => {
    expect(normaliseDossierCode("000.00.20.H56-241126-0001")).toEqual({
      ok: true,
      code: "000.00.20.H56-241126-0001",
      national: true,
    });
  });

  it("finds the same national code typed in lower case, with spaces or other dashes", () => {
    for (const typed of [
      "000.00.20.h56-241126-0001",
      " 000.00.20.h56-241126-0001 ",
      "  000.00.20.H56 - 241126 - 0001 ",
      "000. 00. 20. H56-241126-0001",
      "000.00.20.H56\u2013241126\u20140001",
      "000.00.20.H56\u2212241126-0001",
      "000\uFF0E00.20.H56-241126-0001",
      "\uFEFF000.00.20.H56-241126-0001\u200B",
    ]) {
      expect(dossierCodeOrNull(typed), typed).toBe("000.00.20.H56-241126-0001");
    }
  });

  it("accepts sequence numbers of 4 to 6 digits and nothing else after an agency code", () => {
    expect(dossierCodeOrNull("000.00.20.H56-241126-123456")).toBe("000.00.20.H56-241126-123456");
    for (const bad of [
      "000.00.20.H56-241126-001",
      "000.00.20.H56-241126-1234567",
      "000.00.20.H56",
      "000.00.20.XYZ-241126-0001",
      "000.00.20.H56-241126-0001-2",
      "000.00.20.H56-2411260001",
      "000.00.20.56-241126-0001",
    ]) {
      expect(normaliseDossierCode(bad), bad).toEqual({ ok: false, reason: "invalid_national" });
    }
  });

  it("refuses a national code whose day does not exist", () => {
    for (const bad of [
      "000.00.20.H56-241326-0001",
      "000.00.20.H56-230229-0001",
      "000.00.20.H56-241100-0001",
      "000.00.20.H56-241132-0001",
    ]) {
      expect(normaliseDossierCode(bad), bad).toEqual({ ok: false, reason: "invalid_national" });
    }
    // 2024 is a leap year.
    expect(dossierCodeOrNull("000.00.20.H56-240229-0001")).toBe("000.00.20.H56-240229-0001");
  });

  it("keeps other codes exactly as given, trimmed", () => {
    expect(normaliseDossierCode("  HS-2024/15 ")).toEqual({ ok: true, code: "HS-2024/15", national: false });
    expect(dossierCodeOrNull("hs.22-241126")).toBe("hs.22-241126");
    expect(dossierCodeOrNull("hồ-sơ-1")).toBe("hồ-sơ-1");
    expect(normaliseDossierCode("HS 2024")).toEqual({ ok: false, reason: "invalid_characters" });
    expect(normaliseDossierCode("HS\u00002024")).toEqual({ ok: false, reason: "invalid_characters" });
  });

  it("refuses empty and over-long codes", () => {
    expect(normaliseDossierCode("   ")).toEqual({ ok: false, reason: "empty" });
    expect(normaliseDossierCode("")).toEqual({ ok: false, reason: "empty" });
    expect(dossierCodeOrNull(null)).toBeNull();
    expect(dossierCodeOrNull("x".repeat(DOSSIER_CODE_MAX_LENGTH))).toBe("x".repeat(DOSSIER_CODE_MAX_LENGTH));
    expect(normaliseDossierCode("x".repeat(DOSSIER_CODE_MAX_LENGTH + 1))).toEqual({ ok: false, reason: "too_long" });
  });

  it("is idempotent: the stored form of a stored code is itself", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.stringMatching(/^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[a-zA-Z][0-9]{2} ?[-–] ?[0-9]{6}-[0-9]{4}$/)
        ),
        (s) => {
          const once = normaliseDossierCode(s);
          if (!once.ok) return;
          expect(normaliseDossierCode(once.code)).toEqual(once);
        }
      )
    );
  });
});
