import type { AppContext } from "~/context";
import type { Config } from "~/config.server";
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

/** What a command that does not open the database gets: the configuration instead of the app. */
export type FileCommandContext = Omit<CommandContext, "app"> & { config: Config };

/** A usage problem: message on stderr, exit code 2. */
export class UsageError extends Error {}
/** A failure the user can act on (unknown desk, taken username): message on stderr, exit code 1. */
export class CommandError extends Error {}

type Options = Record<string, { type: "string" | "boolean"; multiple?: boolean }>;
type Run<C> = (ctx: C, values: Record<string, unknown>, positionals: string[]) => Promise<number | void>;

/** A command run on the opened (and migrated) database. */
export interface CliCommand {
  name: string;
  /** parseArgs option definitions. */
  options: Options;
  database?: true;
  run: Run<CommandContext>;
}

/** A command that must not open the database first (restore replaces its file). */
export interface FileCommand {
  name: string;
  options: Options;
  database: false;
  run: Run<FileCommandContext>;
}

export type AnyCommand = CliCommand | FileCommand;
