import { afterEach, describe, expect, it, vi } from "vitest";
import {
  FAILURES_PER_USER_AND_ADDRESS,
  HASHING_AT_ONCE,
  HASHING_WAITING,
  attemptPassword,
  createPasswordGuard,
  passwordRefusal,
  slowDownMs,
} from "~/auth/attempts.server";

describe("password attempts", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("checks at most the limit of a burst from one address, whatever it sends at once", async () => {
    const guard = createPasswordGuard();
    let checked = 0;
    const outcomes = await Promise.all(
      Array.from({ length: 1000 }, () =>
        attemptPassword(guard, { username: "Can.Bo", address: "10.0.0.1" }, 0, async () => {
          checked++;
          return null;
        })
      )
    );
    expect(checked).toBe(FAILURES_PER_USER_AND_ADDRESS);
    expect(outcomes.filter((o) => o.outcome === "wrong")).toHaveLength(FAILURES_PER_USER_AND_ADDRESS);
    expect(outcomes.filter((o) => o.outcome === "throttled")).toHaveLength(1000 - FAILURES_PER_USER_AND_ADDRESS);
    // The right password waits too (same username, any case).
    const right = await attemptPassword(guard, { username: "can.bo", address: "10.0.0.1" }, 1, async () => "user");
    expect(right).toMatchObject({ outcome: "throttled" });
    expect(await attemptPassword(guard, { username: "can.bo", address: "10.0.0.2" }, 1, async () => "user")).toEqual({
      outcome: "right",
      value: "user",
    });
  });

  it("answers busy at once when the hashing line is full, without counting the attempt", async () => {
    const guard = createPasswordGuard();
    let release!: () => void;
    const held = new Promise<null>((resolve) => (release = () => resolve(null)));
    const capacity = HASHING_AT_ONCE + HASHING_WAITING;
    // Different users and addresses, so no limit applies: only the hashing line.
    const pending = Array.from({ length: capacity }, (_, i) =>
      attemptPassword(guard, { username: `u${i}`, address: `10.1.0.${i}` }, 0, () => held)
    );
    await Promise.resolve();
    expect(await attemptPassword(guard, { username: "x", address: "10.2.0.1" }, 0, async () => null)).toEqual({
      outcome: "busy",
    });
    expect(guard.byUserAndAddress.count("x\n10.2.0.1", 0)).toBe(0);
    expect(guard.byAddress.count("10.2.0.1", 0)).toBe(0);
    release();
    expect((await Promise.all(pending)).every((o) => o.outcome === "wrong")).toBe(true);
  });

  it("tells ahead, without counting, what an attempt would be refused with: the address waits, or the line is full", async () => {
    const guard = createPasswordGuard();
    const who = { username: "Can.Bo", address: "10.0.0.1" };
    expect(passwordRefusal(guard, who, 0)).toBeNull();
    for (let i = 0; i < FAILURES_PER_USER_AND_ADDRESS; i++) await attemptPassword(guard, who, 0, async () => null);
    expect(passwordRefusal(guard, { username: " can.bo ", address: "10.0.0.1" }, 1)).toMatchObject({
      outcome: "throttled",
    });
    // Asking counted nothing: the owner elsewhere is not refused, and the count is what the failures made.
    expect(passwordRefusal(guard, { username: "can.bo", address: "10.0.0.2" }, 1)).toBeNull();
    expect(guard.byUserAndAddress.count("can.bo\n10.0.0.1", 1)).toBe(FAILURES_PER_USER_AND_ADDRESS);

    let release!: () => void;
    const held = new Promise<null>((resolve) => (release = () => resolve(null)));
    const pending = Array.from({ length: HASHING_AT_ONCE + HASHING_WAITING }, (_, i) =>
      attemptPassword(guard, { username: `u${i}`, address: `10.1.0.${i}` }, 0, () => held)
    );
    expect(passwordRefusal(guard, { username: "x", address: "10.2.0.1" }, 0)).toEqual({ outcome: "busy" });
    release();
    await Promise.all(pending);
    expect(passwordRefusal(guard, { username: "x", address: "10.2.0.1" }, 0)).toBeNull();
  });

  it("slows a username down after 10 failures from all addresses, doubling from 0.5 s to at most 5 s, never refusing", () => {
    expect([0, 9, 10, 11, 12, 13, 14, 100].map(slowDownMs)).toEqual([0, 0, 500, 1000, 2000, 4000, 5000, 5000]);
  });

  it("checks the password of a slowed-down username only after its delay", async () => {
    vi.useFakeTimers();
    const guard = createPasswordGuard();
    for (let i = 0; i < 10; i++) {
      await attemptPassword(guard, { username: "can.bo", address: `10.3.0.${i}` }, 0, async () => null);
    }
    let checked = false;
    const attempt = attemptPassword(guard, { username: "can.bo", address: "10.4.0.1" }, 0, async () => {
      checked = true;
      return "user";
    });
    await vi.advanceTimersByTimeAsync(499);
    expect(checked).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await attempt).toEqual({ outcome: "right", value: "user" });
  });
});
