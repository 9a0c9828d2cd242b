import { describe, expect, it } from "vitest";
import { createRateLimiter } from "~/utils/rate-limit.server";
import { createTurnstile, createWorkQueue } from "~/utils/work-queue.server";

describe("rate limiter", () => {
  const WINDOW = 60_000;

  it("lets `limit` attempts through in a window, then says how long to wait", () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: WINDOW });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter("k", 1000 * i)).toBe(0);
      limiter.record("k", 1000 * i);
    }
    expect(limiter.retryAfter("k", 5000)).toBe(WINDOW - 5000);
    expect(limiter.retryAfter("other", 5000)).toBe(0);
    expect(limiter.retryAfter("k", WINDOW)).toBe(0);
    expect(limiter.count("k", WINDOW)).toBe(2);
  });

  it("gives back an attempt that was not a failure, once", () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: WINDOW });
    const first = limiter.record("k", 0);
    limiter.record("k", 1);
    expect(limiter.retryAfter("k", 2)).toBeGreaterThan(0);
    first();
    first();
    expect(limiter.count("k", 2)).toBe(1);
    expect(limiter.retryAfter("k", 2)).toBe(0);
  });

  it("keeps at most `limit` attempts per key and forgets the least recently tried keys beyond `maxKeys`", () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: WINDOW, maxKeys: 2 });
    for (let i = 0; i < 10; i++) limiter.record("a", i);
    expect(limiter.count("a", 10)).toBe(2);
    limiter.record("b", 11);
    limiter.record("c", 12);
    expect(limiter.count("a", 13)).toBe(0);
    expect(limiter.count("b", 13)).toBe(1);
    expect(limiter.count("c", 13)).toBe(1);
  });
});

describe("work queue", () => {
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { open, opened };
  };

  it("runs at most `concurrency` at once, keeps `waiting` in line and refuses the rest at once", async () => {
    const queue = createWorkQueue({ concurrency: 2, waiting: 3 });
    const gates = Array.from({ length: 8 }, gate);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      queue.run(async () => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        await g.opened;
        running--;
        return i;
      })
    );
    expect(runs.map((r) => r !== null)).toEqual([true, true, true, true, true, false, false, false]);
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    // When a run ends, the first in line takes its slot; a newcomer gets in line behind the others.
    gates[0].open();
    expect(await runs[0]).toBe(0);
    const late = queue.run(async () => "late");
    expect(late).not.toBeNull();
    for (const g of gates) g.open();
    // The first five were let in (asserted above), so they are promises.
    expect(await Promise.all(runs.slice(0, 5) as Promise<number>[])).toEqual([0, 1, 2, 3, 4]);
    expect(await late).toBe("late");
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it("frees the slot when the work fails", async () => {
    const queue = createWorkQueue({ concurrency: 1, waiting: 0 });
    await expect(queue.run(() => Promise.reject(new Error("boom")))!).rejects.toThrow("boom");
    expect(await queue.run(async () => 1)).toBe(1);
  });
});

describe("turnstile", () => {
  it("lets callers through one per turn of the event loop, in the order they came", async () => {
    const turn = createTurnstile();
    const through: number[] = [];
    const all = Array.from({ length: 4 }, (_, i) => turn().then(() => through.push(i)));
    await Promise.resolve();
    expect(through).toEqual([0]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(through).toEqual([0, 1]);
    await Promise.all(all);
    expect(through).toEqual([0, 1, 2, 3]);
  });
});
