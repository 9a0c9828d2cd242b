import { describe, expect, it } from "vitest";
import { type SurveyEvent, type SurveyState, initialState, newUuid, toSubmission, transition } from "~/kiosk/machine";

const ID = "0b6f4f8e-8f5c-4d0a-9a55-7a5b2f0c9e11";
const AT = "2026-11-26T02:00:00.000Z";

function run(events: SurveyEvent[], start: SurveyState = initialState()): SurveyState {
  return events.reduce(transition, start);
}

describe("kiosk survey", () => {
  it("lets a satisfied citizen finish in two taps: a face, then send", () => {
    const s = run([{ type: "rate", rating: "satisfied", id: ID, at: AT }]);
    expect(s.step).toBe("details");
    expect(run([{ type: "sent" }], s).step).toBe("thanks");
  });

  it("asks a dissatisfied citizen why, and keeps the reasons", () => {
    const s = run([
      { type: "rate", rating: "dissatisfied", id: ID, at: AT },
      { type: "reasons", reasons: ["complicated", "long_wait"] },
    ]);
    expect(s.step).toBe("details");
    expect(toSubmission(s, 1)).toMatchObject({ rating: "dissatisfied", reasons: ["complicated", "long_wait"] });
  });

  it("offers the contact step once after a harassment reason: a number left travels, a skip is never asked again", () => {
    const toContact = run([
      { type: "rate", rating: "dissatisfied", id: ID, at: AT },
      { type: "reasons", reasons: ["harassment", "long_wait"] },
    ]);
    expect(toContact.step).toBe("contact");
    const left = run([{ type: "contact", phone: "0912345678" }], toContact);
    expect(left).toMatchObject({ step: "details", contactPhone: "0912345678", contactAsked: true });
    expect(toSubmission(left, 1)).toMatchObject({ reasons: ["harassment", "long_wait"], contactPhone: "0912345678" });
    // Dropping the harassment reason afterwards drops the number from what is sent.
    const changed = run([{ type: "back" }, { type: "reasons", reasons: ["long_wait"] }], left);
    expect(changed.step).toBe("details");
    expect(toSubmission(changed, 1)).not.toHaveProperty("contactPhone");

    const skipped = run([{ type: "contact", phone: null }], toContact);
    expect(toSubmission(skipped, 1)).not.toHaveProperty("contactPhone");
    // Back to the reasons, even back to the faces and the same complaint again: not asked again in this visit.
    const again = run(
      [
        { type: "back" },
        { type: "back" },
        { type: "rate", rating: "dissatisfied", id: "x", at: "later" },
        { type: "reasons", reasons: ["harassment"] },
      ],
      skipped
    );
    expect(again.step).toBe("details");
    // The next citizen is asked.
    const next = run(
      [
        { type: "restart" },
        { type: "rate", rating: "dissatisfied", id: ID, at: AT },
        { type: "reasons", reasons: ["harassment"] },
      ],
      again
    );
    expect(next.step).toBe("contact");
  });

  it("keeps the response id and tap time when the citizen goes back and changes the face", () => {
    const s = run([
      { type: "rate", rating: "dissatisfied", id: ID, at: AT },
      { type: "back" },
      { type: "rate", rating: "satisfied", id: "other", at: "later" },
    ]);
    expect(s).toMatchObject({ id: ID, startedAt: AT, rating: "satisfied", step: "details", reasons: [] });
  });

  it("ignores reasons for a citizen who is not dissatisfied", () => {
    const s = run([
      { type: "rate", rating: "neutral", id: ID, at: AT },
      { type: "reasons", reasons: ["harassment"] },
    ]);
    expect(s.reasons).toEqual([]);
    expect(toSubmission(s, 1).reasons).toBeUndefined();
  });

  it("starts the next citizen over, in Vietnamese", () => {
    const s = run([
      { type: "language", language: "en" },
      { type: "rate", rating: "satisfied", id: ID, at: AT },
      { type: "sent" },
      { type: "restart" },
    ]);
    expect(s).toEqual(initialState("vi"));
  });

  it("switches language only on the first screen", () => {
    expect(run([{ type: "language", language: "en" }]).language).toBe("en");
    const mid = run([
      { type: "rate", rating: "satisfied", id: ID, at: AT },
      { type: "language", language: "en" },
    ]);
    expect(mid.language).toBe("vi");
  });

  it("builds the API item with only what was answered", () => {
    const s = run([
      { type: "rate", rating: "satisfied", id: ID, at: AT },
      {
        type: "details",
        fieldCode: "thue",
        dossierCode: "  000.00.20.H56-240101-0001 ",
        onTime: "no",
        comment: "  ",
        answers: {},
      },
    ]);
    expect(toSubmission(s, 3)).toEqual({
      id: ID,
      submittedAt: AT,
      questionnaireVersion: 3,
      rating: "satisfied",
      fieldCode: "thue",
      dossierCode: "000.00.20.H56-240101-0001",
      onTime: false,
      language: "vi",
    });
  });

  it("refuses to build an item without a rating", () => {
    expect(() => toSubmission(initialState(), 1)).toThrow();
  });
});

describe("newUuid", () => {
  it("makes RFC 9562 version 7 ids without crypto.randomUUID, unique even within one millisecond", () => {
    const at = Date.parse("2026-11-27T02:30:00.123Z");
    const ids = new Set(Array.from({ length: 1000 }, () => newUuid(at)));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("carries the tap's time in its first 48 bits, so ids sort by when they were made", () => {
    const at = Date.parse("2026-11-27T02:30:00.123Z");
    const id = newUuid(at);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
    const times = [at - 86_400_000, at - 1, at, at + 1, at + 3_600_000];
    const ids = times.map((t) => newUuid(t));
    expect([...ids].sort()).toEqual(ids);
  });
});
