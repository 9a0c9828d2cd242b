/** The backups `hailong backup` leaves in BACKUP_DIR (files `hailong-…`), for readyz and /metrics. */
import fs from "node:fs";
import path from "node:path";

/** The newest `hailong-*` file in `dir` (by modification time), or null when there is none or no folder. */
export function newestBackup(dir: string): { file: string; mtimeMs: number } | null {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return null;
  }
  let newest: { file: string; mtimeMs: number } | null = null;
  for (const name of names) {
    // Partial copies are hidden (`.hailong-….part`) and so never counted.
    if (!name.startsWith("hailong-")) continue;
    const file = path.join(dir, name);
    try {
      const stat = fs.statSync(file);
      if (stat.isFile() && (!newest || stat.mtimeMs > newest.mtimeMs)) newest = { file, mtimeMs: stat.mtimeMs };
    } catch {
      // removed meanwhile (the backup timer keeps the last N)
    }
  }
  return newest;
}
