import { describe, expect, it } from "vitest";
import { maskPhone, normalisePhone } from "~/domain/phone";
import { parseItem } from "~/ingest/item.server";

describe("Vietnamese mobile numbers (ADR 048)", () => {
  it("normalises 0…, 84… and +84… with spaces, dots and dashes to ten digits", () => {
    for (const typed of [
      "0912345678",
      "0912 345 678",
      "0912.345.678",
      "+84 912 345 678",
      "84912345678",
      "(+84) 912-345-678",
    ])
      expect(normalisePhone(typed), typed).toBe("0912345678");
    expect(normalisePhone("0387 654 321")).toBe("0387654321");
  });

  it("refuses landlines, short or long numbers, letters and other countries", () => {
    for (const typed of [
      "",
      "024 3825 3536",
      "091234567",
      "09123456789",
      "0912abc678",
      "+1 912 345 678",
      "0112345678",
      "1".repeat(30),
    ])
      expect(normalisePhone(typed), typed).toBeNull();
  });

  it("masks all but the first two and last three digits", () => {
    expect(maskPhone("0912345123")).toBe("09•••••123");
  });
});

describe("contactPhone on an ingest item", () => {
  const harassment = {
    id: "0b6f4f8e-8f5c-4d0a-9a55-7a5b2f0c9e11",
    submittedAt: "2026-11-26T09:30:00+07:00",
    questionnaireVersion: 1,
    rating: "dissatisfied",
    reasons: ["harassment"],
  };

  it("is taken with a harassment complaint, normalised, apart from the response", () => {
    const parsed = parseItem({ ...harassment, contactPhone: "+84 912 345 678" });
    expect(parsed.ok && parsed.contactPhone).toBe("0912345678");
    expect(parsed.ok && Object.values(parsed.item)).not.toContain("0912345678");
  });

  it("is refused when not a mobile number, or without a harassment reason", () => {
    const bad = parseItem({ ...harassment, contactPhone: "12345" });
    expect(!bad.ok && bad.problems).toEqual([{ field: "contactPhone", code: "invalid_phone", params: {} }]);
    const other = parseItem({ ...harassment, reasons: ["long_wait"], contactPhone: "0912345678" });
    expect(!other.ok && other.problems).toEqual([
      { field: "contactPhone", code: "contact_only_with_harassment", params: {} },
    ]);
  });
});
