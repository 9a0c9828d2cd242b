import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

/** Of identical lines (same level, message and error message), at most this many a minute are written. */
const REPEATS_PER_WINDOW = 10;
const WINDOW_MS = 60_000;
/** Keys remembered at most (a flood of distinct messages must not grow memory). */
const MAX_KEYS = 1000;

interface Repeats {
  windowStart: number;
  written: number;
  left: number;
  /** Writes the line that says how many were left out. */
  report: (left: number) => void;
}

/**
 * Whether a log line may be written: identical lines are rate-limited, so
 * that a failure repeated on every request, or thousands of clients going
 * away, cannot flood the log. A window that left lines out is followed by one
 * line saying how many (`repeated`): before the next of its kind, or within a
 * minute after the window when none comes.
 */
function repeatLimiter(now: () => number) {
  const seen = new Map<string, Repeats>();
  const sweep = setInterval(() => {
    const at = now();
    for (const [key, entry] of seen) {
      if (at - entry.windowStart < WINDOW_MS) continue;
      if (entry.left > 0) entry.report(entry.left);
      seen.delete(key);
    }
  }, WINDOW_MS);
  sweep.unref();
  return (key: string, report: (left: number) => void): boolean => {
    const at = now();
    let entry = seen.get(key);
    if (entry && at - entry.windowStart >= WINDOW_MS) {
      if (entry.left > 0) entry.report(entry.left);
      entry = undefined;
    }
    if (!entry) {
      if (seen.size >= MAX_KEYS) seen.clear();
      entry = { windowStart: at, written: 0, left: 0, report };
      seen.set(key, entry);
    }
    if (entry.written >= REPEATS_PER_WINDOW) {
      entry.left++;
      return false;
    }
    entry.written++;
    return true;
  };
}

function keyOf(args: unknown[], level: number): { key: string; msg: string } {
  const [first, second] = args;
  const msg = typeof first === "string" ? first : typeof second === "string" ? second : "";
  const err = first && typeof first === "object" ? (first as { err?: unknown }).err : undefined;
  const errMessage = err instanceof Error ? err.message : "";
  return { key: `${level}\u0000${msg}\u0000${errMessage}`, msg };
}

/**
 * JSON lines on stdout (or `destination`). Never log request bodies:
 * comments may hold what a citizen typed. Identical lines are rate-limited
 * (repeatLimiter).
 */
export function createLogger(
  level: string,
  options: { destination?: DestinationStream; now?: () => number } = {}
): Logger {
  const allow = repeatLimiter(options.now ?? Date.now);
  const settings: pino.LoggerOptions = {
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    hooks: {
      logMethod(args, method, logLevel) {
        const { key, msg } = keyOf(args, logLevel);
        const report = (left: number) => method.apply(this, [{ repeated: left }, msg] as never);
        if (allow(key, report)) method.apply(this, args);
      },
    },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
