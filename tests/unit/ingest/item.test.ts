import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RATINGS, REASONS } from "~db/schema";
import { canonical, contentHash, parseItem } from "~/ingest/item.server";
import { sha256Hex } from "~/utils/crypto.server";
import { effectiveTime } from "~/ingest/rows.server";

const base = {
  id: "0b6f4f8e-8f5c-4d0a-9a55-7a5b2f0c9e11",
  submittedAt: "2026-11-26T09:30:00+07:00",
  questionnaireVersion: 1,
  rating: "satisfied",
};

function problemsOf(input: unknown) {
  const parsed = parseItem(input);
  if (parsed.ok) throw new Error("expected invalid");
  return parsed.problems;
}

describe("parseItem", () => {
  it("accepts the minimal item and fills defaults", () => {
    const parsed = parseItem(base);
    expect(parsed.ok && parsed.item).toMatchObject({
      rating: "satisfied",
      reasons: [],
      language: "vi",
      comment: null,
      onTime: null,
    });
  });

  it("names the field of every problem", () => {
    const problems = problemsOf({
      id: "x",
      submittedAt: "yesterday",
      questionnaireVersion: 1.5,
      rating: "ok",
      surprise: 1,
    });
    expect(problems.map((p) => [p.field, p.code])).toEqual(
      expect.arrayContaining([
        ["id", "invalid_uuid"],
        ["submittedAt", "invalid_datetime"],
        ["questionnaireVersion", "invalid_type"],
        ["rating", "invalid_option"],
        ["surprise", "unknown_field"],
      ])
    );
  });

  it("accepts reasons only with a dissatisfied rating, without repeats", () => {
    expect(problemsOf({ ...base, reasons: ["harassment"] })[0]).toMatchObject({
      field: "reasons",
      code: "reasons_only_when_dissatisfied",
    });
    expect(problemsOf({ ...base, rating: "dissatisfied", reasons: ["long_wait", "long_wait"] })[0].code).toBe(
      "duplicate_values"
    );
    expect(parseItem({ ...base, rating: "dissatisfied", reasons: ["harassment"] }).ok).toBe(true);
  });

  it("limits a comment to 1,000 characters and cleans what it stores", () => {
    expect(problemsOf({ ...base, comment: "a".repeat(1001) })[0]).toMatchObject({ field: "comment", code: "too_long" });
    const parsed = parseItem({ ...base, comment: " Cán bộ\u0000 tận tình \ud800 ", dossierCode: "   " });
    expect(parsed.ok && parsed.item.comment).toBe("Cán bộ tận tình \ufffd");
    expect(parsed.ok && parsed.item.dossierCode).toBeNull();
  });

  it("needs an offset on submittedAt", () => {
    expect(problemsOf({ ...base, submittedAt: "2026-11-26T09:30:00" })[0].code).toBe("invalid_datetime");
  });
});

describe("parseItem and a __proto__ answer", () => {
  it("refuses it instead of dropping it (the fuzz test found it vanishing)", () => {
    expect(problemsOf({ ...base, answers: JSON.parse('{"__proto__": {"p": 1}}') })).toEqual([
      { field: "answers.__proto__", code: "unknown_field" },
    ]);
  });
});

describe("contentHash", () => {
  it("is the same for the same instant written in different offsets, and differs with content or device", () => {
    const a = parseItem(base);
    const b = parseItem({ ...base, submittedAt: "2026-11-26T02:30:00Z", id: base.id.toUpperCase() });
    const c = parseItem({ ...base, rating: "neutral" });
    if (!a.ok || !b.ok || !c.ok) throw new Error("invalid");
    expect(contentHash(1, a.item)).toBe(contentHash(1, b.item));
    expect(contentHash(1, a.item)).not.toBe(contentHash(1, c.item));
    expect(contentHash(1, a.item)).not.toBe(contentHash(2, a.item));
  });

  // Stored hashes must stay what they were: the written-out form is the generic canonical JSON of every field.
  it("hashes the canonical JSON of all the item's fields, the device and the instant", () => {
    const items = fc.record(
      {
        id: fc.uuid(),
        submittedAt: fc
          .date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true })
          .map((d) => d.toISOString()),
        questionnaireVersion: fc.integer({ min: 1, max: 1000 }),
        rating: fc.constantFrom(...RATINGS),
        reasons: fc.subarray([...REASONS]),
        fieldCode: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }),
        dossierCode: fc.option(fc.string({ minLength: 1, maxLength: 64 }), { nil: undefined }),
        onTime: fc.option(fc.boolean(), { nil: undefined }),
        comment: fc.option(fc.string({ unit: "grapheme", maxLength: 50 }), { nil: undefined }),
        language: fc.constantFrom("vi", "en"),
        // An answer named "__proto__" is refused (item.server.ts), so never part of a stored item.
        answers: fc.option(
          fc.dictionary(
            fc.string({ minLength: 1, maxLength: 10 }).filter((key) => key !== "__proto__"),
            fc.jsonValue({ maxDepth: 2 })
          ),
          { nil: undefined }
        ),
      },
      { requiredKeys: ["id", "submittedAt", "questionnaireVersion", "rating"] }
    );
    fc.assert(
      fc.property(items, fc.integer({ min: 1, max: 1e6 }), (input, deviceId) => {
        const parsed = parseItem(input.rating === "dissatisfied" ? input : { ...input, reasons: undefined });
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const generic = canonical({ ...parsed.item, deviceId, submittedAt: parsed.item.submittedAt.toISOString() });
        expect(contentHash(deviceId, parsed.item)).toBe(sha256Hex(generic));
      }),
      { numRuns: 300 }
    );
  });
});

describe("effectiveTime", () => {
  const server = new Date("2026-11-26T03:00:00Z");
  it("trusts a tablet clock that is a little ahead or days behind", () => {
    expect(effectiveTime(new Date("2026-11-26T03:04:00Z"), server).corrected).toBe(false);
    expect(effectiveTime(new Date("2026-11-01T03:00:00Z"), server).corrected).toBe(false);
  });
  it("uses the server's time when the tablet is more than 5 minutes ahead or 30 days behind", () => {
    expect(effectiveTime(new Date("2026-11-26T03:06:00Z"), server)).toEqual({ at: server, corrected: true });
    expect(effectiveTime(new Date("2026-10-26T02:59:00Z"), server)).toEqual({ at: server, corrected: true });
  });
});
