import { describe, expect, it } from "vitest";
import { fieldLabelFor, fieldNameOn } from "~/domain/fields";

describe("a procedure field's name over time", () => {
  const current = { vi: "Môi trường, tài nguyên nước, khoáng sản", en: "Environment, water resources, minerals" };
  const former = [
    { vi: "Tài nguyên và Môi trường", en: "Natural resources and environment", validTo: "2025-02-28" },
    { vi: "Địa chính", en: "Cadastre", validTo: "2002-12-31" },
  ];

  it("is the former name up to its last day, the current one after", () => {
    expect(fieldNameOn(current, former, "2025-02-28").vi).toBe("Tài nguyên và Môi trường");
    expect(fieldNameOn(current, former, "2025-03-01").vi).toBe(current.vi);
    expect(fieldNameOn(current, former, "2001-06-01").vi).toBe("Địa chính");
    expect(fieldNameOn(current, [], "2001-06-01")).toBe(current);
  });

  it("labels a period by its end, and names the former name when the period crosses a renaming", () => {
    expect(fieldLabelFor(current, former, "2024-01-01", "2024-12-31", "vi")).toEqual({
      name: "Tài nguyên và Môi trường",
      formerly: null,
    });
    expect(fieldLabelFor(current, former, "2025-01-01", "2025-12-31", "en")).toEqual({
      name: "Environment, water resources, minerals",
      formerly: "Natural resources and environment",
    });
    expect(fieldLabelFor(current, former, "2026-01-01", "2026-12-31", "vi")).toEqual({
      name: current.vi,
      formerly: null,
    });
  });
});
