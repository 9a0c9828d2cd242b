/**
 * The report as an Excel workbook (ExcelJS's streaming writer): one sheet per
 * table of the document, each in the administrative form, A4 landscape fitted
 * to the page width. Counts are numbers ("#,##0"), rates are the exact
 * fractions with a percentage format ("0.0%"), never text.
 */
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { getT } from "~/i18n/i18n.server";
import { type Column, type ReportDocument, type ReportTable, reportColumns } from "./document.server";
import type { QuestionBreakdown, QuestionsBlock } from "./questions.server";
import { CASE_COLUMNS, type CasesBlock } from "./cases.server";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const FONT = "Times New Roman";
const thin = { style: "thin" as const };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };
const NUMBER_FORMAT: Record<Column["kind"], string | undefined> = {
  int: "#,##0",
  pct: "0.0%",
  text: undefined,
  judgement: undefined,
};

/** Lets other requests (the kiosks' ingest) run between chunks of work. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function writeSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, doc: ReportDocument, table: ReportTable) {
  const t = getT(doc.lang);
  const columns = reportColumns(table, t);
  const last = columns.length;
  const half = Math.ceil(last * 0.4);
  const sheet = workbook.addWorksheet(table.sheetName, {
    pageSetup: {
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
  });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  let rowNumber = 0;
  const addRow = (values: (string | number | null)[] = []) => {
    rowNumber += 1;
    const row = sheet.getRow(rowNumber);
    values.forEach((v, i) => {
      if (v !== null) row.getCell(i + 1).value = v;
    });
    return row;
  };
  const font = (size = 12, extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({
    name: FONT,
    size,
    ...extra,
  });
  const centred: Partial<ExcelJS.Alignment> = { horizontal: "center", vertical: "middle", wrapText: true };
  /** A line of text across a span of columns. */
  const spanned = (row: ExcelJS.Row, from: number, to: number, text: string, style: Partial<ExcelJS.Font>) => {
    row.getCell(from).value = text;
    row.getCell(from).font = style;
    row.getCell(from).alignment = centred;
    if (to > from) sheet.mergeCells(row.number, from, row.number, to);
  };

  // The two-column header, place and date.
  let row = addRow();
  spanned(row, 1, half, doc.issuer[0], font(12));
  spanned(row, half + 1, last, doc.nation[0], font(12, { bold: true }));
  row.commit();
  row = addRow();
  spanned(row, 1, half, doc.issuer[1], font(12, { bold: true, underline: true }));
  spanned(row, half + 1, last, doc.nation[1], font(12, { bold: true, underline: true }));
  row.commit();
  addRow().commit();
  row = addRow();
  spanned(row, 1, half, doc.numberLine, font(12));
  spanned(row, half + 1, last, doc.placeDate, font(12, { italic: true }));
  row.commit();
  addRow().commit();

  // Title, period, scope, targets.
  row = addRow();
  row.height = 36;
  spanned(row, 1, last, doc.title, font(13, { bold: true }));
  row.commit();
  row = addRow();
  spanned(row, 1, last, doc.periodLine, font(12, { italic: true }));
  row.commit();
  row = addRow();
  spanned(row, 1, last, doc.scopeLine, font(12));
  row.commit();
  row = addRow();
  row.height = 32;
  spanned(row, 1, last, doc.targetsLine, font(11));
  row.commit();
  addRow().commit();
  row = addRow();
  row.getCell(1).value = table.heading;
  row.getCell(1).font = font(12, { bold: true });
  row.commit();

  // Two header rows: groups ("Rất hài lòng") over their columns ("Số phiếu", "Tỷ lệ").
  const top = addRow();
  const sub = addRow();
  sub.height = 30;
  let i = 0;
  while (i < columns.length) {
    const c = columns[i];
    let span = 1;
    while (c.group && columns[i + span]?.group === c.group) span += 1;
    for (let j = i; j < i + span; j++) {
      for (const r of [top, sub]) {
        const cell = r.getCell(j + 1);
        cell.font = font(11, { bold: true });
        cell.alignment = centred;
        cell.border = BORDER;
        cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE7EEF2" } };
      }
      sub.getCell(j + 1).value = c.group ? columns[j].header : null;
    }
    top.getCell(i + 1).value = c.group ?? c.header;
    if (c.group) {
      if (span > 1) sheet.mergeCells(top.number, i + 1, top.number, i + span);
    } else {
      sheet.mergeCells(top.number, i + 1, sub.number, i + 1);
    }
    i += span;
  }
  top.commit();
  sub.commit();

  for (const data of table.rows) {
    row = addRow();
    const emphasis = data.kind !== "group";
    columns.forEach((c, j) => {
      const cell = row.getCell(j + 1);
      const value = c.value(data);
      cell.value = value === null ? (c.kind === "pct" ? "—" : null) : value;
      cell.border = BORDER;
      cell.font = font(11, { bold: emphasis });
      const format = NUMBER_FORMAT[c.kind];
      if (format && typeof value === "number") cell.numFmt = format;
      cell.alignment =
        c.kind === "text"
          ? { vertical: "middle", wrapText: true }
          : { horizontal: c.kind === "judgement" || value === null ? "center" : "right", vertical: "middle" };
    });
    row.commit();
  }

  addRow().commit();
  for (const note of [...(table.note ? [table.note] : []), ...doc.notes]) {
    row = addRow();
    row.height = 30;
    row.getCell(1).value = note;
    row.getCell(1).font = font(10, { italic: true });
    row.getCell(1).alignment = { wrapText: true, vertical: "top" };
    sheet.mergeCells(row.number, 1, row.number, last);
    row.commit();
  }

  // Signatures: the maker on the left, the signer (authority, title, name) on the right.
  addRow().commit();
  const right = [...doc.signer.lines, doc.signer.hint];
  const left = [doc.preparer.title, doc.preparer.hint];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const italic = (side: string[], k: number) => k === side.length - 1;
    row = addRow();
    if (left[i]) spanned(row, 1, half, left[i], font(12, italic(left, i) ? { italic: true } : { bold: true }));
    if (right[i])
      spanned(row, half + 1, last, right[i], font(12, italic(right, i) ? { italic: true } : { bold: true }));
    row.commit();
  }
  if (doc.signer.name) {
    addRow().commit();
    addRow().commit();
    row = addRow();
    spanned(row, half + 1, last, doc.signer.name, font(12, { bold: true }));
    row.commit();
  }
  sheet.commit();
}

/**
 * The extra questions' sheet: per question its heading, its options with count, share and interval, then
 * its breakdown by the report's groups (a row per group; per option its count, share and interval's ends).
 */
function writeQuestionsSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, block: QuestionsBlock) {
  // The widest breakdown: the group, the responses answering, four columns an option, the mean.
  const width = Math.max(
    5,
    ...block.tables.map((q) =>
      q.breakdown ? 2 + 4 * q.breakdown.options.length + (q.breakdown.meanColumn ? 1 : 0) : 0
    )
  );
  const sheet = workbook.addWorksheet(block.sheetName, {
    pageSetup: {
      paperSize: 9,
      orientation: width > 5 ? "landscape" : "portrait",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  sheet.columns = [{ width: 48 }, { width: 14 }, ...Array.from({ length: width - 2 }, () => ({ width: 12 }))];
  let rowNumber = 0;
  const addRow = () => sheet.getRow(++rowNumber);
  const font = (extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({ name: FONT, size: 12, ...extra });
  let row = addRow();
  row.getCell(1).value = block.heading;
  row.getCell(1).font = font({ bold: true, size: 13 });
  row.commit();
  const [option, count, share] = block.columns;
  for (const table of block.tables) {
    addRow().commit();
    row = addRow();
    row.getCell(1).value = table.heading;
    row.getCell(1).font = font({ bold: true });
    sheet.mergeCells(row.number, 1, row.number, 5);
    row.commit();
    row = addRow();
    [option, count, share, ...block.intervalEnds].forEach((header, i) => {
      const cell = row.getCell(i + 1);
      cell.value = header;
      cell.font = font({ bold: true, size: 11 });
      cell.border = BORDER;
      cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    });
    row.commit();
    for (const r of table.rows) {
      row = addRow();
      [r.label, r.count, r.share, r.low, r.high].forEach((value, i) => {
        const cell = row.getCell(i + 1);
        if (value !== null) cell.value = value;
        cell.font = font({ size: 11 });
        cell.border = BORDER;
        if (i >= 2 && typeof value === "number") cell.numFmt = NUMBER_FORMAT.pct!;
        if (i === 1) cell.numFmt = NUMBER_FORMAT.int!;
      });
      row.commit();
    }
    if (table.breakdown) rowNumber = writeBreakdown(sheet, rowNumber, table.breakdown, block, font);
  }
  noteRow(sheet, addRow, block.note, 30, 5);
  sheet.commit();
}

/**
 * A question's breakdown below its table, from the row after `rowNumber`: its heading, two header rows
 * (each option over its count, share and interval's ends), a row per group. Returns the last row used.
 */
function writeBreakdown(
  sheet: ExcelJS.Worksheet,
  rowNumber: number,
  breakdown: QuestionBreakdown,
  block: QuestionsBlock,
  font: (extra?: Partial<ExcelJS.Font>) => Partial<ExcelJS.Font>
): number {
  const addRow = () => sheet.getRow(++rowNumber);
  const last = 2 + 4 * breakdown.options.length + (breakdown.meanColumn ? 1 : 0);
  const [, count, share] = block.columns;
  addRow().commit();
  let row = addRow();
  row.getCell(1).value = breakdown.heading;
  row.getCell(1).font = font({ bold: true, size: 11 });
  row.commit();
  const top = addRow();
  const sub = addRow();
  const header = (r: ExcelJS.Row, column: number, value: string | null) => {
    const cell = r.getCell(column);
    if (value !== null) cell.value = value;
    cell.font = font({ bold: true, size: 11 });
    cell.border = BORDER;
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE7EEF2" } };
  };
  const single = (column: number, value: string) => {
    header(top, column, value);
    header(sub, column, null);
    sheet.mergeCells(top.number, column, sub.number, column);
  };
  single(1, breakdown.firstColumn);
  single(2, breakdown.answeredColumn);
  breakdown.options.forEach((label, k) => {
    const first = 3 + 4 * k;
    header(top, first, label);
    for (let j = 1; j < 4; j++) header(top, first + j, null);
    sheet.mergeCells(top.number, first, top.number, first + 3);
    [count, share, ...block.intervalEnds].forEach((h, j) => header(sub, first + j, h));
  });
  if (breakdown.meanColumn) single(last, breakdown.meanColumn);
  sub.height = 45;
  top.commit();
  sub.commit();
  for (const group of breakdown.rows) {
    row = addRow();
    const values: (string | number | null)[] = [
      group.label,
      group.answered,
      ...group.cells.flatMap((c) => [c.count, c.share, c.low, c.high]),
      ...(breakdown.meanColumn ? [group.mean] : []),
    ];
    values.forEach((value, i) => {
      const cell = row.getCell(i + 1);
      cell.value = value === null ? (i >= 2 ? "—" : null) : value;
      cell.font = font({ size: 11 });
      cell.border = BORDER;
      if (typeof value !== "number") {
        if (i >= 2) cell.alignment = { horizontal: "center" };
      } else if (i === 1 || (i < last - 1 && (i - 2) % 4 === 0)) cell.numFmt = NUMBER_FORMAT.int!;
      else if (breakdown.meanColumn && i === last - 1) cell.numFmt = "0.00";
      else cell.numFmt = NUMBER_FORMAT.pct!;
    });
    row.commit();
  }
  return rowNumber;
}

/** The case section's sheet: heading, one table (a row per unit, then the total), note. */
function writeCasesSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, block: CasesBlock) {
  const sheet = workbook.addWorksheet(block.sheetName, {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const width = block.columns.length;
  sheet.columns = [{ width: 40 }, ...CASE_COLUMNS.map(() => ({ width: 14 }))];
  let rowNumber = 0;
  const addRow = () => sheet.getRow(++rowNumber);
  const font = (extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({ name: FONT, size: 11, ...extra });
  let row = addRow();
  row.getCell(1).value = block.heading;
  row.getCell(1).font = font({ bold: true, size: 13 });
  row.commit();
  addRow().commit();
  row = addRow();
  block.columns.forEach((header, i) => {
    const cell = row.getCell(i + 1);
    cell.value = header;
    cell.font = font({ bold: true });
    cell.border = BORDER;
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  });
  row.height = 45;
  row.commit();
  for (const r of block.rows) {
    row = addRow();
    [r.label, ...CASE_COLUMNS.map((c) => r[c])].forEach((value, i) => {
      const cell = row.getCell(i + 1);
      if (value !== null) cell.value = value;
      cell.font = font({ bold: r.kind === "total" });
      cell.border = BORDER;
      const column = CASE_COLUMNS[i - 1];
      if (column)
        cell.numFmt =
          column === "onTimeShare" ? NUMBER_FORMAT.pct! : column === "medianWorkingDays" ? "0.0" : NUMBER_FORMAT.int!;
    });
    row.commit();
  }
  noteRow(sheet, addRow, block.note, 45, width);
  sheet.commit();
}

/** Writes the workbook to a stream; resolves when the file is complete. */
export async function writeReportXlsx(doc: ReportDocument, stream: Writable, now: Date): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = "HaiLong";
  workbook.created = now;
  for (const table of doc.tables) {
    writeSheet(workbook, doc, table);
    await yieldToEventLoop();
  }
  if (doc.questions) writeQuestionsSheet(workbook, doc.questions);
  if (doc.cases) writeCasesSheet(workbook, doc.cases);
  if (doc.dossiers) writeQuestionsSheet(workbook, doc.dossiers);
  await workbook.commit();
}

/** A blank row, then a block's note in small italics across its first `width` columns, `height` points high. */
function noteRow(sheet: ExcelJS.Worksheet, addRow: () => ExcelJS.Row, note: string, height: number, width: number) {
  addRow().commit();
  const row = addRow();
  row.getCell(1).value = note;
  row.getCell(1).font = { name: FONT, size: 10, italic: true };
  row.getCell(1).alignment = { wrapText: true, vertical: "top" };
  row.height = height;
  sheet.mergeCells(row.number, 1, row.number, width);
  row.commit();
}
