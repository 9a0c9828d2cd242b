import { describe, expect, it } from "vitest";
import { normaliseDossierCode } from "~/dossiers/codes";

describe("dossier codes", () => {
  it("normalises a national code and refuses a broken one", () => {
    expect(normaliseDossierCode(" 000.00.20.h56-241126-0001 ")).toBe("000.00.20.H56-241126-0001");
    expect(normaliseDossierCode("000.00.20.H56-241132-0001")).toBeNull(); // 32 November
    expect(normaliseDossierCode("000.00.20.H56-2411260001")).toBeNull();
    expect(normaliseDossierCode("000.00.20.56-241126-0001")).toBeNull();
  });

  it("keeps any other code as it is, trimmed, within 64 characters and without spaces", () => {
    expect(normaliseDossierCode("  HS-2026/0042 ")).toBe("HS-2026/0042");
    expect(normaliseDossierCode("hồ-sơ-1")).toBe("hồ-sơ-1");
    expect(normaliseDossierCode("HS 1")).toBeNull();
    expect(normaliseDossierCode("")).toBeNull();
    expect(normaliseDossierCode("x".repeat(65))).toBeNull();
    expect(normaliseDossierCode("a\u0000b")).toBeNull();
  });
});
