/**
 * Counting failures per key in a sliding window, in memory. One process
 * serves a province on SQLite; with several app servers on PostgreSQL each
 * counts its own share, which still bounds guessing to servers × limit.
 */
export interface RateLimiter {
  /** Milliseconds until the key may try again, or 0 when it may try now. */
  retryAfter(key: string, now: number): number;
  fail(key: string, now: number): void;
  reset(key: string): void;
}

export function createRateLimiter(options: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const failures = new Map<string, number[]>();
  const maxKeys = options.maxKeys ?? 10_000;
  const recent = (key: string, now: number) => (failures.get(key) ?? []).filter((t) => now - t < options.windowMs);
  return {
    retryAfter(key, now) {
      const times = recent(key, now);
      if (times.length < options.limit) return 0;
      return options.windowMs - (now - times[times.length - options.limit]);
    },
    fail(key, now) {
      const times = recent(key, now);
      times.push(now);
      failures.delete(key);
      failures.set(key, times);
      // Forget the oldest keys rather than grow without bound.
      while (failures.size > maxKeys) failures.delete(failures.keys().next().value!);
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
