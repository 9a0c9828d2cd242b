/**
 * A prepared report in one of the download formats, for the download route
 * and the CLI: JSON and CSV as text (one `by`), XLSX, PDF and DOCX as streams
 * of the whole document. All figures are read before the first byte is written, so a
 * request either fails whole (a 4xx with a message) or gets a complete file.
 * At most two XLSX/PDF/DOCX documents are drawn at once; the rest wait their turn,
 * so exports cannot crowd out the kiosks' ingest.
 */
import { PassThrough, type Readable } from "node:stream";
import type { AppContext } from "~/context";
import type { Language } from "~/i18n/languages";
import type { ReportQuery, ReportFormat } from "../query.server";
import { ratesReport } from "../rates-report.server";
import { ratesReportJson } from "../report-model";
import { ALL_UNITS, type ReportScope } from "../scope.server";
import type { Targets } from "~/domain/rates";
import { reportCsv } from "./csv.server";
import { buildReportDocument } from "./document.server";
import { DOCX_TYPE, reportDocx } from "./docx.server";
import { reportPdf } from "./pdf.server";
import { XLSX_TYPE, writeReportXlsx } from "./xlsx.server";

export interface RenderedReport {
  contentType: string;
  fileName: string;
  body: string | Readable;
  /** Settles when a streamed body is complete (rejects if drawing it failed). */
  done: Promise<void>;
}

const MAX_CONCURRENT_DOCUMENTS = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function documentSlot(): Promise<() => void> {
  if (running >= MAX_CONCURRENT_DOCUMENTS) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    running -= 1;
    waiting.shift()?.();
  };
}

function reportFileBase(scope: ReportScope, query: ReportQuery): string {
  const code = scope.code === ALL_UNITS ? "tat-ca" : scope.code;
  return `bao-cao-hai-long_${code}_${query.period.from}_${query.period.to}`;
}

export async function renderReport(
  app: AppContext,
  prepared: { query: ReportQuery; scope: ReportScope; targets: Targets },
  format: ReportFormat,
  lang: Language
): Promise<RenderedReport> {
  const { query, scope, targets } = prepared;
  const base = reportFileBase(scope, query);
  if (format === "json" || format === "csv") {
    // A report of one channel says so in its name (and the JSON in its `channel`).
    const suffix = query.channel ? `_${query.channel}` : "";
    const range = { from: query.period.from, to: query.period.to, by: query.by };
    const report = await ratesReport(app.db, scope, range, { lang, targets, now: app.now(), channel: query.channel });
    return format === "json"
      ? {
          contentType: "application/json; charset=utf-8",
          fileName: `${base}_${query.by}${suffix}.json`,
          body: `${JSON.stringify(ratesReportJson(report), null, 2)}\n`,
          done: Promise.resolve(),
        }
      : {
          contentType: "text/csv; charset=utf-8",
          fileName: `${base}_${query.by}${suffix}.csv`,
          body: reportCsv(report, lang),
          done: Promise.resolve(),
        };
  }
  const release = await documentSlot();
  try {
    const now = app.now();
    const doc = await buildReportDocument(
      app.db,
      { period: query.period, scope, targets },
      lang,
      now,
      query.document,
      query.by
    );
    if (format === "docx") {
      const done = reportDocx(doc);
      const stream = new PassThrough();
      void done.then(
        (buffer) => stream.end(buffer),
        (error: Error) => stream.destroy(error)
      );
      stream.once("close", release);
      void done.then(release, release);
      return { contentType: DOCX_TYPE, fileName: `${base}.docx`, body: stream, done: done.then(() => undefined) };
    }
    if (format === "pdf") {
      const { stream, done } = reportPdf(doc, now);
      stream.once("close", release);
      void done.then(release, release);
      return { contentType: "application/pdf", fileName: `${base}.pdf`, body: stream, done };
    }
    const stream = new PassThrough();
    const done = writeReportXlsx(doc, stream, now);
    done.catch((error) => stream.destroy(error as Error));
    // A client that goes away closes the stream; its slot is free again.
    stream.once("close", release);
    void done.then(release, release);
    return { contentType: XLSX_TYPE, fileName: `${base}.xlsx`, body: stream, done };
  } catch (error) {
    release();
    throw error;
  }
}

/** Content-Disposition for a download, with an ASCII fallback and the UTF-8 name. */
export function attachment(fileName: string): string {
  const ascii = fileName
    .normalize("NFD")
    .replace(/[^\x20-\x7e]/g, "")
    .replace(/["\\]/g, "");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
