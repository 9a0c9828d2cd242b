import pino, { type Logger } from "pino";

export type { Logger };

/** JSON lines on stdout. Never log request bodies: comments may hold what a citizen typed. */
export function createLogger(level: string): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
}
