/**
 * How often pairing codes may be guessed (README «Security»): each address
 * may fail 10 times in 15 minutes, and all addresses together 30 times, after
 * which pairing pauses for everyone until the window frees up. A code lives
 * 10 minutes, shorter than the window, so at most 30 wrong guesses are made
 * in its life: the chance that they hit one code of a million is 3 in 100,000.
 */
import type { PairingLimits } from "~/context";
import { createRateLimiter } from "~/utils/rate-limit.server";

export const PAIRING_CODE_SPACE = 10 ** 6;
export const PAIRING_WINDOW_MS = 15 * 60 * 1000;
export const PAIRING_FAILURES_PER_ADDRESS = 10;
export const PAIRING_FAILURES_ALL = 30;

export function createPairingLimits(): PairingLimits {
  return {
    byAddress: createRateLimiter({ limit: PAIRING_FAILURES_PER_ADDRESS, windowMs: PAIRING_WINDOW_MS }),
    all: createRateLimiter({ limit: PAIRING_FAILURES_ALL, windowMs: PAIRING_WINDOW_MS, maxKeys: 1 }),
  };
}

/** The most failed guesses a sliding window of `failures` per `windowMs` lets through during one code's life. */
export function mostGuessesInCodeLife(limit: { failures: number; windowMs: number; codeLifeMs: number }): number {
  return limit.failures * Math.ceil(limit.codeLifeMs / limit.windowMs);
}

/**
 * The expected number of right guesses at one uniformly drawn code: each
 * distinct guess is the code with probability 1 in the code space.
 */
export function expectedLuckyGuesses(guesses: number): number {
  return guesses / PAIRING_CODE_SPACE;
}
