/**
 * Reading the report downloads back as a person would: the file the server
 * renders, a PDF's text as pdftotext lays it out, a DOCX's text as LibreOffice
 * Writer converts it (tests/helpers/tools.ts says how to install both).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { type PreparedReport, type ReportFormat, prepareReport } from "~/reports/query.server";
import { renderReport } from "~/reports/export/render.server";
import type { TestApp } from "./app";

async function toBuffer(body: string | Readable): Promise<Buffer> {
  if (typeof body === "string") return Buffer.from(body, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The report of `unit` from `from` to `to` (YYYY-MM-DD), in Vietnamese, as the download in `format` gives it
 * (`by`: the grouping asked for, unit by default).
 */
export async function renderedReport(
  app: TestApp,
  query: { from: string; to: string; unit: string; by?: string },
  format: ReportFormat
): Promise<Buffer> {
  const prepared = (await prepareReport(app, null, query)) as Extract<PreparedReport, { ok: true }>;
  const rendered = await renderReport(app, prepared, format, "vi");
  const buffer = await toBuffer(rendered.body);
  await rendered.done;
  return buffer;
}

/** Runs `read` on `file` written into a temporary folder, removed afterwards. */
function inTempDir<T>(file: string, content: Buffer, read: (dir: string, file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-report-"));
  try {
    fs.writeFileSync(path.join(dir, file), content);
    return read(dir, path.join(dir, file));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A PDF's text as `pdftotext -layout` reads it (NFC). */
export function pdfText(pdf: Buffer): string {
  return inTempDir("bao-cao.pdf", pdf, (_, file) => {
    const result = spawnSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
    return result.stdout.normalize("NFC");
  });
}

/** A DOCX's lines as LibreOffice Writer converts it to text (a table cell per line), NFC, untrimmed. */
export function docxLines(docx: Buffer): string[] {
  return inTempDir("bao-cao.docx", docx, (dir, file) => {
    const result = spawnSync(
      "libreoffice",
      [
        `-env:UserInstallation=file://${path.join(dir, "profile")}`,
        "--headless",
        "--convert-to",
        "txt:Text (encoded):UTF8",
        "--outdir",
        dir,
        file,
      ],
      { encoding: "utf8", timeout: 180_000 }
    );
    if (result.status !== 0) throw new Error(`LibreOffice failed (${result.status}): ${result.stderr}`);
    return fs.readFileSync(path.join(dir, "bao-cao.txt"), "utf8").normalize("NFC").split("\n");
  });
}
