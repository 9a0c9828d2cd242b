/**
 * Counting attempts per key in a sliding window, in memory. One process
 * serves a province on SQLite; with several app servers on PostgreSQL each
 * counts its own share, which still bounds guessing to servers × limit.
 *
 * An attempt is counted when it starts, before anything is awaited: Node runs
 * one request's code at a time, so of any number of concurrent requests at
 * most `limit` pass a check followed by `record` — none can slip through while
 * another is still checking its password. One that turns out not to be a
 * failure is given back.
 */
export interface RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  /** Milliseconds until the key may try again, or 0 when it may try now. */
  retryAfter(key: string, now: number): number;
  /** Attempts counted for the key within the window, those still in progress included. */
  count(key: string, now: number): number;
  /**
   * Counts an attempt now, returning how to give it back. Callers check
   * `retryAfter` first, with nothing awaited in between; a counter that slows
   * down rather than refuses records regardless. Keeps at most `limit`.
   */
  record(key: string, now: number): Release;
  reset(key: string): void;
}

/** Gives a counted attempt back (it was not a failure); a second call does nothing. */
export type Release = () => void;

export function createRateLimiter(options: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const { limit, windowMs } = options;
  /** Per key, the start times of its attempts, oldest first; each attempt its own object so it can be given back. */
  const attempts = new Map<string, { at: number }[]>();
  const maxKeys = options.maxKeys ?? 10_000;
  const recent = (key: string, now: number) => {
    const all = attempts.get(key);
    if (!all) return [];
    const kept = all.filter((a) => now - a.at < windowMs);
    if (kept.length === 0) attempts.delete(key);
    else if (kept.length !== all.length) attempts.set(key, kept);
    return kept;
  };
  const retryAfter = (key: string, now: number) => {
    const times = recent(key, now);
    if (times.length < limit) return 0;
    return windowMs - (now - times[times.length - limit].at);
  };
  const record = (key: string, now: number): Release => {
    const attempt = { at: now };
    const times = [...recent(key, now), attempt].slice(-limit);
    // Re-inserted last, so the map's first key is the one least recently tried.
    attempts.delete(key);
    attempts.set(key, times);
    // Forget the least recently tried keys rather than grow without bound.
    while (attempts.size > maxKeys) attempts.delete(attempts.keys().next().value!);
    return () => {
      const current = attempts.get(key);
      const at = current?.indexOf(attempt) ?? -1;
      if (at >= 0) current!.splice(at, 1);
    };
  };
  return {
    limit,
    windowMs,
    retryAfter,
    count: (key, now) => recent(key, now).length,
    record,
    reset(key) {
      attempts.delete(key);
    },
  };
}
