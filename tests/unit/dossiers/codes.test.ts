import { describe, expect, it } from "vitest";
import { dossierCodeOrNull } from "~/domain/dossier-code";

describe("dossier codes", () => {
  it("normalises a national code and refuses a broken one", () => {
    expect(dossierCodeOrNull(" 000.00.20.h56-241126-0001 ")).toBe("000.00.20.H56-241126-0001");
    expect(dossierCodeOrNull("000.00.20.H56-241132-0001")).toBeNull(); // 32 November
    expect(dossierCodeOrNull("000.00.20.H56-2411260001")).toBeNull();
    expect(dossierCodeOrNull("000.00.20.56-241126-0001")).toBeNull();
  });

  it("keeps any other code as it is, trimmed, within 64 characters and without spaces", () => {
    expect(dossierCodeOrNull("  HS-2026/0042 ")).toBe("HS-2026/0042");
    expect(dossierCodeOrNull("hồ-sơ-1")).toBe("hồ-sơ-1");
    expect(dossierCodeOrNull("HS 1")).toBeNull();
    expect(dossierCodeOrNull("")).toBeNull();
    expect(dossierCodeOrNull("x".repeat(65))).toBeNull();
    expect(dossierCodeOrNull("a\u0000b")).toBeNull();
  });
});
