/**
 * How often a password may be guessed: at sign-in and for the current
 * password on the account page (README «Security» states the numbers).
 *
 * - per username and address: 5 failures in 15 minutes, then that address
 *   waits (429) for that username; a success clears its count;
 * - per address: 20 failures in 15 minutes over all usernames, then it waits;
 *   a success does not clear it (one good account must not buy guesses at others);
 * - per username over all addresses: from 10 failures in 15 minutes each
 *   attempt is slowed (0.5 s, doubling, at most 5 s) but never refused, so an
 *   attacker elsewhere cannot lock the owner out;
 * - at most 2 passwords are hashed at once and 16 wait; beyond that the
 *   answer is "busy" (503) at once.
 *
 * Every attempt is counted before its password is checked, synchronously
 * (see app/utils/rate-limit.server.ts): of a burst, at most the limit is ever
 * checked. Counters are in memory, per process.
 */
import type { PasswordGuard } from "~/context";
import { type Release, createRateLimiter } from "~/utils/rate-limit.server";
import { createTurnstile, createWorkQueue } from "~/utils/work-queue.server";

export const PASSWORD_WINDOW_MS = 15 * 60 * 1000;
export const FAILURES_PER_USER_AND_ADDRESS = 5;
export const FAILURES_PER_ADDRESS = 20;
export const SLOW_AFTER_FAILURES_PER_USER = 10;
export const FIRST_DELAY_MS = 500;
export const MAX_DELAY_MS = 5000;
export const HASHING_AT_ONCE = 2;
export const HASHING_WAITING = 16;

export function createPasswordGuard(observe?: PasswordGuard["observe"]): PasswordGuard {
  const windowMs = PASSWORD_WINDOW_MS;
  // Enough entries per username to reach the longest delay.
  const steps = Math.ceil(Math.log2(MAX_DELAY_MS / FIRST_DELAY_MS)) + 1;
  return {
    byUserAndAddress: createRateLimiter({ limit: FAILURES_PER_USER_AND_ADDRESS, windowMs }),
    byAddress: createRateLimiter({ limit: FAILURES_PER_ADDRESS, windowMs }),
    byUser: createRateLimiter({ limit: SLOW_AFTER_FAILURES_PER_USER + steps, windowMs }),
    hashing: createWorkQueue({ concurrency: HASHING_AT_ONCE, waiting: HASHING_WAITING }),
    turn: createTurnstile(),
    observe,
  };
}

/** The wait before checking a password of a username with `failures` recent failures (from every address). */
export function slowDownMs(failures: number): number {
  if (failures < SLOW_AFTER_FAILURES_PER_USER) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** (failures - SLOW_AFTER_FAILURES_PER_USER), MAX_DELAY_MS);
}

const normalUsername = (username: string) => username.trim().toLowerCase();
const pairKeyOf = (username: string, address: string) => `${username}\n${address}`;

function refusalOf(guard: PasswordGuard, username: string, address: string, now: number): PasswordRefusal | null {
  const wait = Math.max(
    guard.byUserAndAddress.retryAfter(pairKeyOf(username, address), now),
    guard.byAddress.retryAfter(address, now)
  );
  if (wait > 0) return { outcome: "throttled", retryAfterMs: wait };
  return null;
}

/**
 * What an attempt would be refused with now, without counting it: lets a
 * sign-in that cannot be checked be answered before the page machinery
 * runs (app/auth/sign-in-refusal.server.ts). `attemptPassword` decides for
 * real; this only answers early what it would answer anyway.
 */
export function passwordRefusal(
  guard: PasswordGuard,
  who: { username: string; address: string },
  now: number
): PasswordRefusal | null {
  const username = normalUsername(who.username);
  const refusal = refusalOf(guard, username, who.address, now);
  if (refusal) return refusal;
  // No slowdown would let it through sooner: the line is full now and stays full for a while.
  if (slowDownMs(guard.byUser.count(username, now)) === 0 && guard.hashing.isFull()) {
    return { outcome: "busy" };
  }
  return null;
}

export type PasswordRefusal =
  /** Not checked: this address must wait for this username (or for every username). */
  | { outcome: "throttled"; retryAfterMs: number }
  /** Not checked: too many passwords are being hashed; try again in a moment. */
  | { outcome: "busy" };

export type PasswordAttempt<T> = { outcome: "right"; value: T } | { outcome: "wrong" } | PasswordRefusal;

/**
 * Checks a password within the limits: counts the attempt first, then
 * `check` (which hashes, and returns the value on a right password or null)
 * runs in the hashing queue. A right password clears this address's count
 * for the username; a wrong one stays counted; one never checked is given back.
 */
export async function attemptPassword<T>(
  guard: PasswordGuard,
  who: { username: string; address: string },
  now: number,
  check: () => Promise<T | null>
): Promise<PasswordAttempt<T>> {
  const attempt = await attemptWithinLimits(guard, who, now, check);
  guard.observe?.(attempt.outcome);
  return attempt;
}

async function attemptWithinLimits<T>(
  guard: PasswordGuard,
  who: { username: string; address: string },
  now: number,
  check: () => Promise<T | null>
): Promise<PasswordAttempt<T>> {
  const username = normalUsername(who.username);
  const pairKey = pairKeyOf(username, who.address);
  // Synchronous from here to `record`: nothing can run in between.
  const refusal = refusalOf(guard, username, who.address, now);
  if (refusal) return refusal;
  const delay = slowDownMs(guard.byUser.count(username, now));
  const counted: Release[] = [
    guard.byUserAndAddress.record(pairKey, now),
    guard.byAddress.record(who.address, now),
    guard.byUser.record(username, now),
  ];
  const giveBack = () => counted.forEach((release) => release());
  try {
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const checked = guard.hashing.run(check);
    if (!checked) {
      giveBack();
      return { outcome: "busy" };
    }
    const value = await checked;
    if (value === null) return { outcome: "wrong" };
    giveBack();
    guard.byUserAndAddress.reset(pairKey);
    return { outcome: "right", value };
  } catch (error) {
    // Not a wrong password (the database failed): not held against the user.
    giveBack();
    throw error;
  }
}
