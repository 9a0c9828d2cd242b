import type { AppContext } from "~/context.server";
import type { ServerT } from "~/i18n/i18n.server";

/** What a command writes; the entry point decides where it goes. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** All of standard input, or null when it is a terminal. */
  readStdin(): Promise<string | null>;
}

export interface CommandContext {
  app: AppContext;
  t: ServerT;
  io: CommandIo;
  /** The address printed links point to. */
  baseUrl: string;
}

/** A usage problem: message on stderr, exit code 2. */
export class UsageError extends Error {}
/** A failure the user can act on (unknown desk, taken username): message on stderr, exit code 1. */
export class CommandError extends Error {}

export interface CliCommand {
  name: string;
  /** parseArgs option definitions. */
  options: Record<string, { type: "string" | "boolean"; multiple?: boolean }>;
  /** Whether the command opens the database (all do today, kept for commands that won't). */
  run(ctx: CommandContext, values: Record<string, unknown>, positionals: string[]): Promise<number | void>;
}
