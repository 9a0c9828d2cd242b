import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_SPAM_RULE, type Tap, judgeTaps, spamRuleFromSettings, tapOrder } from "~/ingest/spam.server";

const taps = (seconds: number[]): Tap[] =>
  seconds.map((s, i) => ({ id: `t${String(i).padStart(3, "0")}`, at: s * 1000 }));

describe("the spam rule", () => {
  it("flags a tap less than 3 seconds after the previous one from the device, not one 3 seconds after", () => {
    expect(judgeTaps(taps([0, 2.9, 6, 9, 9]), DEFAULT_SPAM_RULE)).toEqual([null, "interval", null, null, "interval"]);
  });

  it("flags taps beyond 20 within 10 minutes, and counts again once the window has moved on", () => {
    // One tap every 25 s: 21 taps take 500 s < 600 s, so the 21st is one too many.
    const every25 = Array.from({ length: 24 }, (_, i) => i * 25);
    // Then a pause: 10 minutes after the 20th tap (475 s) the window (t − 10 min, t] holds 4 taps again.
    const reasons = judgeTaps(taps([...every25, 475 + 600]), DEFAULT_SPAM_RULE);
    expect(reasons.slice(0, 20)).toEqual(Array(20).fill(null));
    expect(reasons.slice(20, 24)).toEqual(Array(4).fill("burst"));
    expect(reasons[24]).toBeNull();
    // A tap every 30 s never has more than 20 in 10 minutes.
    expect(judgeTaps(taps(Array.from({ length: 60 }, (_, i) => i * 30)), DEFAULT_SPAM_RULE)).not.toContain("burst");
  });

  it("counts flagged taps too: 30 taps in a minute leave one counted", () => {
    const reasons = judgeTaps(taps(Array.from({ length: 30 }, (_, i) => i * 2)), DEFAULT_SPAM_RULE);
    expect(reasons.filter((r) => r === null)).toHaveLength(1);
    expect(reasons[0]).toBeNull();
  });

  it("only adds suspects when taps are added", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_800 }), { maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 1_800 }), { maxLength: 20 }),
        (before, late) => {
          const some = taps(before).sort(tapOrder);
          const more = [...some, ...late.map((s, i) => ({ id: `late${i}`, at: s * 1000 }))].sort(tapOrder);
          const first = new Map(some.map((t, i) => [t.id, judgeTaps(some, DEFAULT_SPAM_RULE)[i]]));
          const second = judgeTaps(more, DEFAULT_SPAM_RULE);
          more.forEach((t, i) => {
            if (first.get(t.id)) expect(second[i]).not.toBeNull();
          });
        }
      )
    );
  });

  it("reads its thresholds from settings, falling back per value to the defaults", () => {
    expect(spamRuleFromSettings({})).toEqual(DEFAULT_SPAM_RULE);
    expect(
      spamRuleFromSettings({ spam_min_interval_seconds: "5", spam_window_minutes: "15", spam_window_max: "40" })
    ).toEqual({ minIntervalMs: 5_000, windowMs: 15 * 60_000, windowMax: 40 });
    expect(spamRuleFromSettings({ spam_min_interval_seconds: "abc", spam_window_max: "-3" })).toEqual(
      DEFAULT_SPAM_RULE
    );
  });
});
