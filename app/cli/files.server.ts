/** Files the CLI writes (report, backup, restore): always complete or absent. */
import fs from "node:fs";
import path from "node:path";
import type { ServerT } from "~/i18n/i18n.server";
import { UsageError } from "./command";

/** A temporary name beside `file`, so the final rename stays on one file system. */
export function partialName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.part`);
}

/** Refuses (exit 2) a target whose folder does not exist, before any work is done. */
export function requireFolderOf(file: string, t: ServerT): void {
  const folder = path.dirname(file);
  if (!fs.existsSync(folder)) throw new UsageError(t("cli:no_folder", { folder }));
}
