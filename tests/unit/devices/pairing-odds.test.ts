import { describe, expect, it } from "vitest";
import { PAIRING_CODE_TTL_MS } from "~/devices/devices.server";
import {
  PAIRING_CODE_SPACE,
  PAIRING_FAILURES_ALL,
  PAIRING_WINDOW_MS,
  expectedLuckyGuesses,
  mostGuessesInCodeLife,
} from "~/devices/pairing-limits.server";

describe("the odds of guessing a pairing code", () => {
  it("counts the failed guesses that fit in a code's life under the global limit", () => {
    // A sliding window at least as long as the code's life holds the limit once; a shorter one, once per window.
    expect(mostGuessesInCodeLife({ failures: 30, windowMs: 15, codeLifeMs: 10 })).toBe(30);
    expect(mostGuessesInCodeLife({ failures: 30, windowMs: 5, codeLifeMs: 10 })).toBe(60);
    expect(mostGuessesInCodeLife({ failures: 30, windowMs: 4, codeLifeMs: 10 })).toBe(90);
  });

  it("keeps the expected number of right guesses within a code's life below 1 in 10,000", () => {
    const guesses = mostGuessesInCodeLife({
      failures: PAIRING_FAILURES_ALL,
      windowMs: PAIRING_WINDOW_MS,
      codeLifeMs: PAIRING_CODE_TTL_MS,
    });
    expect(PAIRING_CODE_SPACE).toBe(1_000_000);
    expect(expectedLuckyGuesses(guesses)).toBe(guesses / 1_000_000);
    expect(expectedLuckyGuesses(guesses)).toBeLessThan(1 / 10_000);
  });
});
