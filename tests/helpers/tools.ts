/** Debian tools some tests drive: LibreOffice (a real spreadsheet client), pdftotext (poppler-utils), pg_dump and pg_restore. */
import { spawnSync } from "node:child_process";

function onPath(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).status === 0;
}

export const TOOLS = {
  libreoffice: {
    available: onPath("libreoffice"),
    install: "apt-get install -y --no-install-recommends libreoffice-calc-nogui libreoffice-writer-nogui",
  },
  pdftotext: { available: onPath("pdftotext"), install: "apt-get install -y poppler-utils" },
  pg_dump: { available: onPath("pg_dump") && onPath("pg_restore"), install: "apt-get install -y postgresql-client" },
} as const;

/** The tools that are missing, each with how to install it. */
export function missingTools(): string[] {
  return Object.entries(TOOLS)
    .filter(([, tool]) => !tool.available)
    .map(([name, tool]) => `${name} (${tool.install})`);
}
