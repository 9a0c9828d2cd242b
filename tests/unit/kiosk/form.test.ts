import { describe, expect, it } from "vitest";
import type { Question } from "~/domain/questionnaire";
import { detailsFromForm, readIntent, stateFromForm } from "~/kiosk/form";

function form(entries: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

const extras: Question[] = [
  { code: "attitude", kind: "rating", label: { vi: "Thái độ", en: "Attitude" } },
  { code: "asked_money", kind: "yes_no", label: { vi: "Có gợi ý tiền?", en: "Money hinted?" } },
  {
    code: "channels",
    kind: "multi_choice",
    label: { vi: "Kênh", en: "Channels" },
    options: [
      { code: "web", label: { vi: "Web", en: "Web" } },
      { code: "desk", label: { vi: "Quầy", en: "Desk" } },
    ],
  },
];

describe("kiosk form", () => {
  it("reads intents and rejects unknown ones", () => {
    expect(readIntent("rate:dissatisfied")).toEqual({ type: "rate", rating: "dissatisfied" });
    expect(readIntent("lang:en")).toEqual({ type: "language", language: "en" });
    expect(readIntent("send")).toEqual({ type: "send" });
    expect(readIntent("rate:furious")).toBeNull();
    expect(readIntent("drop table")).toBeNull();
    expect(readIntent(null)).toBeNull();
  });

  it("restores the state a no-JavaScript form carried", () => {
    const s = stateFromForm(
      form([
        ["step", "reasons"],
        ["language", "en"],
        ["id", "0B6F4F8E-8F5C-4D0A-9A55-7A5B2F0C9E11"],
        ["startedAt", "2026-11-26T02:00:00.000Z"],
        ["rating", "dissatisfied"],
        ["reasons", "harassment"],
        ["reasons", "not-a-reason"],
      ]),
      extras
    );
    expect(s).toMatchObject({
      step: "reasons",
      language: "en",
      id: "0b6f4f8e-8f5c-4d0a-9a55-7a5b2f0c9e11",
      rating: "dissatisfied",
      reasons: ["harassment"],
    });
  });

  it("starts over when the carried state is not credible", () => {
    const s = stateFromForm(
      form([
        ["id", "nope"],
        ["rating", "satisfied"],
        ["language", "en"],
      ]),
      extras
    );
    expect(s).toMatchObject({ step: "rate", rating: null, language: "en" });
  });

  it("reads details and extra answers, dropping what is not an option", () => {
    const d = detailsFromForm(
      form([
        ["fieldCode", "thue"],
        ["onTime", "yes"],
        ["comment", "x".repeat(2000)],
        ["answer.attitude", "very_satisfied"],
        ["answer.asked_money", "no"],
        ["answer.channels", "web"],
        ["answer.channels", "fax"],
      ]),
      extras
    );
    expect(d.comment).toHaveLength(1000);
    expect(d).toMatchObject({
      fieldCode: "thue",
      onTime: "yes",
      answers: { attitude: "very_satisfied", asked_money: false, channels: ["web"] },
    });
  });
});
