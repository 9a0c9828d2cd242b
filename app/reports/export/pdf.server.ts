/**
 * The report as a PDF (pdfkit) in the administrative form: the text on A4
 * portrait, each annex's table on A4 landscape, with
 * Be Vietnam Pro embedded: pdfkit's built-in Helvetica would garble Vietnamese
 * diacritics without a word of warning. Tables break across pages and repeat
 * their header rows. The document streams out page by page.
 */
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import { formatNumber, formatPercent, formatScore } from "~/utils/format";
import { getT } from "~/i18n/i18n.server";
import { type Column, type ReportDocument, type ReportTable, type TableRow, reportColumns } from "./document.server";
import { yieldToEventLoop } from "./xlsx.server";
import { type CasesBlock, caseRowTexts } from "./cases.server";
import { type QuestionBreakdown, breakdownCellText } from "./questions.server";

const require = createRequire(import.meta.url);
export const FONTS = {
  regular: require.resolve("@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf"),
  bold: require.resolve("@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf"),
  italic: require.resolve("@expo-google-fonts/be-vietnam-pro/400Regular_Italic/BeVietnamPro_400Regular_Italic.ttf"),
};

const MARGIN = 36;
const TABLE_FONT = 7;
const PAD = 2.5;
const HEAD_FILL = "#e7eef2";

type Doc = PDFKit.PDFDocument;

function cellText(c: Column, row: TableRow, lang: ReportDocument["lang"]): string {
  const value = c.value(row);
  if (value === null) return c.kind === "pct" ? "—" : "";
  if (typeof value === "string") return value;
  return c.kind === "pct" ? formatPercent(value, lang) : formatNumber(value, lang);
}

const LANDSCAPE = { size: "A4", layout: "landscape", margin: MARGIN } as const;
const BODY_FONT = 12;

function drawHeader(pdf: Doc, doc: ReportDocument) {
  const width = pdf.page.width - 2 * MARGIN;
  const leftWidth = width * 0.42;
  const rightX = MARGIN + width * 0.4;
  const rightWidth = width * 0.6;
  const top = pdf.y;
  pdf.font("regular").fontSize(11);
  if (doc.issuer[0]) pdf.text(doc.issuer[0], MARGIN, top, { width: leftWidth, align: "center" });
  pdf.font("bold").text(doc.issuer[1], MARGIN, pdf.y, { width: leftWidth, align: "center", underline: true });
  pdf.moveDown(0.6);
  pdf.font("regular").text(doc.numberLine, { width: leftWidth, align: "center" });
  const leftBottom = pdf.y;
  pdf.font("bold").text(doc.nation[0], rightX, top, { width: rightWidth, align: "center" });
  pdf.text(doc.nation[1], { width: rightWidth, align: "center", underline: true });
  pdf.moveDown(0.6);
  pdf.font("italic").text(doc.placeDate, { width: rightWidth, align: "center" });
  pdf.x = MARGIN;
  pdf.y = Math.max(leftBottom, pdf.y) + 18;
  pdf.font("bold").fontSize(13).text(doc.title, MARGIN, pdf.y, { width, align: "center" });
  pdf.font("italic").fontSize(BODY_FONT).text(doc.periodLine, { width, align: "center" });
  pdf.font("regular").text(doc.scopeLine, { width, align: "center" });
  pdf.moveDown(0.8);
}

/** The drafted text: sections with their paragraphs, and dotted lines where the official writes. */
function drawSections(pdf: Doc, doc: ReportDocument) {
  const width = pdf.page.width - 2 * MARGIN;
  pdf.font("regular").fontSize(BODY_FONT).text(doc.targetsLine, MARGIN, pdf.y, { width, align: "justify", indent: 28 });
  for (const section of doc.sections) {
    pdf.moveDown(0.5);
    pdf.font("bold").fontSize(BODY_FONT).text(section.heading, MARGIN, pdf.y, { width });
    for (const paragraph of section.paragraphs) {
      pdf.font("regular").text(paragraph, MARGIN, pdf.y, { width, align: "justify", indent: 28 });
    }
    for (let i = 0; i < section.blankLines; i++) pdf.font("regular").text(".".repeat(150), MARGIN, pdf.y, { width });
  }
}

/** «Nơi nhận» on the left, the signature on the right (Nghị định 30/2020/NĐ-CP). */
function drawSignature(pdf: Doc, doc: ReportDocument) {
  const width = pdf.page.width - 2 * MARGIN;
  if (pdf.y + 150 > pdf.page.height - MARGIN) pdf.addPage();
  pdf.moveDown(1);
  const top = pdf.y;
  const leftWidth = width * 0.45;
  const rightX = MARGIN + width * 0.45;
  const rightWidth = width * 0.55;
  pdf.font("bold").fontSize(11).text(doc.recipients.heading, MARGIN, top, { width: leftWidth });
  pdf.font("regular").fontSize(10);
  for (const line of doc.recipients.lines) pdf.text(`- ${line}`, MARGIN, pdf.y, { width: leftWidth });
  const leftBottom = pdf.y;
  pdf.font("bold").fontSize(BODY_FONT);
  doc.signer.lines.forEach((line, i) =>
    pdf.text(line, rightX, i === 0 ? top : pdf.y, { width: rightWidth, align: "center" })
  );
  pdf.font("italic").fontSize(10).text(doc.signer.hint, rightX, pdf.y, { width: rightWidth, align: "center" });
  pdf.moveDown(4);
  if (doc.signer.name)
    pdf.font("bold").fontSize(BODY_FONT).text(doc.signer.name, rightX, pdf.y, { width: rightWidth, align: "center" });
  pdf.x = MARGIN;
  pdf.y = Math.max(leftBottom, pdf.y);
}

async function drawTable(pdf: Doc, doc: ReportDocument, table: ReportTable) {
  const t = getT(doc.lang);
  const columns = reportColumns(table, t).filter((c) => c.pdfWidth !== null);
  const widths = columns.map((c) => c.pdfWidth!);
  const xs = widths.reduce<number[]>((acc, w, i) => [...acc, acc[i] + w], [MARGIN]);
  const bottom = () => pdf.page.height - MARGIN;

  /** Only text columns wrap; figures fit on one line. */
  const rowHeight = (texts: string[], font: string) => {
    pdf.font(font).fontSize(TABLE_FONT);
    const line = pdf.currentLineHeight(true);
    const heights = texts.map((s, i) =>
      columns[i].kind === "text" ? pdf.heightOfString(s, { width: widths[i] - 2 * PAD }) : line
    );
    return Math.max(...heights) + 2 * PAD;
  };
  const drawCells = (
    y: number,
    cells: { text: string; x: number; width: number; align: "left" | "right" | "center" }[],
    height: number,
    font: string,
    fill?: string
  ) => {
    for (const cell of cells) {
      if (fill) pdf.rect(cell.x, y, cell.width, height).fillAndStroke(fill, "#000000");
      else pdf.rect(cell.x, y, cell.width, height).stroke("#000000");
      pdf.fillColor("#000000").font(font).fontSize(TABLE_FONT);
      pdf.text(cell.text, cell.x + PAD, y + PAD, { width: cell.width - 2 * PAD, align: cell.align });
    }
  };

  /** Column spans: a group's columns together, single columns alone. */
  const spans: { start: number; span: number }[] = [];
  for (let i = 0; i < columns.length;) {
    let span = 1;
    while (columns[i].group && columns[i + span]?.group === columns[i].group) span += 1;
    spans.push({ start: i, span });
    i += span;
  }
  const spanWidth = (start: number, span: number) => widths.slice(start, start + span).reduce((a, b) => a + b, 0);
  const textHeight = (text: string, width: number) => {
    pdf.font("bold").fontSize(TABLE_FONT);
    return pdf.heightOfString(text, { width: width - 2 * PAD }) + 2 * PAD;
  };
  const headerRows = () => {
    const grouped = spans.filter((s) => columns[s.start].group);
    const h1 = Math.max(...grouped.map((s) => textHeight(columns[s.start].group!, spanWidth(s.start, s.span))));
    const h2 = Math.max(
      ...grouped.flatMap((s) =>
        columns.slice(s.start, s.start + s.span).map((c, k) => textHeight(c.header, widths[s.start + k]))
      )
    );
    const single = Math.max(
      ...spans.filter((s) => !columns[s.start].group).map((s) => textHeight(columns[s.start].header, widths[s.start]))
    );
    return { h1, h2: Math.max(h2, single - h1), total: Math.max(h1 + h2, single) };
  };
  const drawHeaderRows = () => {
    const { h1, h2, total } = headerRows();
    const y = pdf.y;
    pdf.lineWidth(0.5);
    for (const { start, span } of spans) {
      const c = columns[start];
      if (c.group) {
        drawCells(
          y,
          [{ text: c.group, x: xs[start], width: spanWidth(start, span), align: "center" }],
          h1,
          "bold",
          HEAD_FILL
        );
        drawCells(
          y + h1,
          columns
            .slice(start, start + span)
            .map((s, k) => ({ text: s.header, x: xs[start + k], width: widths[start + k], align: "center" as const })),
          h2,
          "bold",
          HEAD_FILL
        );
      } else {
        drawCells(
          y,
          [{ text: c.header, x: xs[start], width: widths[start], align: "center" }],
          total,
          "bold",
          HEAD_FILL
        );
      }
    }
    pdf.y = y + total;
  };

  const width = pdf.page.width - 2 * MARGIN;
  pdf.font("bold").fontSize(BODY_FONT).text(table.annex, MARGIN, pdf.y, { width, align: "center" });
  pdf.text(table.annexHeading, { width, align: "center" });
  pdf.font("italic").fontSize(10).text(doc.annexReference, { width, align: "center" });
  pdf.font("regular").fontSize(9).text(doc.targetsLine, { width, align: "center" });
  pdf.moveDown(0.4);
  drawHeaderRows();
  let count = 0;
  for (const row of table.rows) {
    const font = row.kind === "group" ? "regular" : "bold";
    const texts = columns.map((c) => cellText(c, row, doc.lang));
    const height = rowHeight(texts, font);
    if (pdf.y + height > bottom()) {
      pdf.addPage(LANDSCAPE);
      drawHeaderRows();
    }
    const y = pdf.y;
    drawCells(
      y,
      columns.map((c, i) => ({
        text: texts[i],
        x: xs[i],
        width: widths[i],
        align: c.kind === "text" ? "left" : c.kind === "judgement" ? "center" : "right",
      })),
      height,
      font
    );
    pdf.y = y + height;
    if (++count % 20 === 0) await yieldToEventLoop();
  }
  pdf.x = MARGIN;
  if (table.note) {
    pdf.moveDown(0.3);
    pdf
      .font("italic")
      .fontSize(8)
      .text(table.note, MARGIN, pdf.y, { width: pdf.page.width - 2 * MARGIN });
  }
  pdf.moveDown(1);
}

/**
 * One row of an annex's grid at pdf.y, on a new page (`page`, its options)
 * when it would not fit: each cell boxed (filled with `fill`, a header's) and
 * its text wrapped within its width; pdf.y moves below it.
 */
function gridRow(
  pdf: Doc,
  grid: { widths: number[]; xs: number[]; fontSize: number },
  texts: string[],
  font: string,
  opts: { fill?: string; align: (column: number) => "left" | "right"; page?: PDFKit.PDFDocumentOptions }
) {
  const { widths, xs, fontSize } = grid;
  pdf.font(font).fontSize(fontSize);
  const height = Math.max(...texts.map((s, i) => pdf.heightOfString(s, { width: widths[i] - 2 * PAD }))) + 2 * PAD;
  if (pdf.y + height > pdf.page.height - MARGIN) pdf.addPage(opts.page);
  const y = pdf.y;
  pdf.lineWidth(0.5);
  texts.forEach((text, i) => {
    if (opts.fill) pdf.rect(xs[i], y, widths[i], height).fillAndStroke(opts.fill, "#000000");
    else pdf.rect(xs[i], y, widths[i], height).stroke("#000000");
    pdf.fillColor("#000000").font(font).fontSize(fontSize);
    pdf.text(text, xs[i] + PAD, y + PAD, { width: widths[i] - 2 * PAD, align: opts.align(i) });
  });
  pdf.y = y + height;
}

/** A question's breakdown by the report's groups: its heading, then a row per group, an option a column. */
function drawBreakdown(pdf: Doc, doc: ReportDocument, breakdown: QuestionBreakdown) {
  const available = pdf.page.width - 2 * MARGIN;
  const mean = breakdown.meanColumn ? 50 : 0;
  const optionWidth = (available - 150 - 50 - mean) / breakdown.options.length;
  const widths = [150, 50, ...breakdown.options.map(() => optionWidth), ...(mean ? [mean] : [])];
  const xs = widths.reduce<number[]>((acc, w, i) => [...acc, acc[i] + w], [MARGIN]);
  const row = (texts: string[], font: string, fill?: string) =>
    gridRow(pdf, { widths, xs, fontSize: 8 }, texts, font, {
      fill,
      align: (i) => (i === 0 || fill ? "left" : "right"),
      page: LANDSCAPE,
    });
  if (pdf.y + 60 > pdf.page.height - MARGIN) pdf.addPage(LANDSCAPE);
  pdf.font("italic").fontSize(9).text(breakdown.heading, MARGIN, pdf.y, { width: available });
  pdf.moveDown(0.2);
  row(
    [
      breakdown.firstColumn,
      breakdown.answeredColumn,
      ...breakdown.options,
      ...(breakdown.meanColumn ? [breakdown.meanColumn] : []),
    ],
    "bold",
    HEAD_FILL
  );
  for (const group of breakdown.rows) {
    row(
      [
        group.label,
        formatNumber(group.answered, doc.lang),
        ...group.cells.map((c) => breakdownCellText(c, doc.lang)),
        ...(breakdown.meanColumn ? [formatScore(group.mean, doc.lang)] : []),
      ],
      "regular"
    );
  }
  pdf.x = MARGIN;
}

/** The extra questions' annex (and the dossiers', laid out alike): per table a heading, its rows and its breakdown. */
function drawQuestions(pdf: Doc, doc: ReportDocument, block: ReportDocument["questions"]) {
  if (!block) return;
  const widths = [260, 80, 70, 130];
  const xs = widths.reduce<number[]>((acc, w, i) => [...acc, acc[i] + w], [MARGIN]);
  const fontSize = 9;
  const row = (texts: string[], font: string, fill?: string, page?: PDFKit.PDFDocumentOptions) =>
    gridRow(pdf, { widths, xs, fontSize }, texts, font, { fill, align: (i) => (i === 0 ? "left" : "right"), page });
  if (pdf.y + 80 > pdf.page.height - MARGIN) pdf.addPage(LANDSCAPE);
  pdf.font("bold").fontSize(11).text(block.heading, MARGIN, pdf.y);
  if (block.tables.some((q) => q.breakdown)) pdf.font("italic").fontSize(8).text(block.cellLegend, MARGIN, pdf.y);
  pdf.moveDown(0.3);
  for (const table of block.tables) {
    if (pdf.y + 60 > pdf.page.height - MARGIN) pdf.addPage(LANDSCAPE);
    pdf.font("bold").fontSize(10).text(table.heading, MARGIN, pdf.y);
    pdf.moveDown(0.2);
    row(block.columns, "bold", HEAD_FILL, LANDSCAPE);
    for (const r of table.rows) {
      const pct = (v: number | null) => (v === null ? "—" : formatPercent(v, doc.lang));
      row(
        [
          r.label,
          formatNumber(r.count, doc.lang),
          pct(r.share),
          r.low === null ? "—" : `${pct(r.low)} – ${pct(r.high)}`,
        ],
        "regular",
        undefined,
        LANDSCAPE
      );
    }
    pdf.x = MARGIN;
    if (table.breakdown) {
      pdf.moveDown(0.4);
      drawBreakdown(pdf, doc, table.breakdown);
    }
    pdf.moveDown(0.6);
  }
  pdf
    .font("italic")
    .fontSize(8)
    .text(block.note, MARGIN, pdf.y, { width: pdf.page.width - 2 * MARGIN });
  pdf.moveDown(1);
}

/** The case section's annex: one table, a row per unit and the total (ADR 049). */
function drawCases(pdf: Doc, doc: ReportDocument, block: CasesBlock) {
  const available = pdf.page.width - 2 * MARGIN;
  const first = 190;
  const rest = (available - first) / (block.columns.length - 1);
  const widths = [first, ...block.columns.slice(1).map(() => rest)];
  const xs = widths.reduce<number[]>((acc, w, i) => [...acc, acc[i] + w], [MARGIN]);
  const fontSize = 8;
  const drawRow = (texts: string[], font: string, fill?: string) =>
    gridRow(pdf, { widths, xs, fontSize }, texts, font, {
      fill,
      align: (i) => (i === 0 || fill ? "left" : "right"),
      page: LANDSCAPE,
    });
  pdf.font("bold").fontSize(11).text(block.heading, MARGIN, pdf.y, { width: available, align: "center" });
  pdf.font("italic").fontSize(9).text(doc.annexReference, MARGIN, pdf.y, { width: available, align: "center" });
  pdf.moveDown(0.5);
  drawRow(block.columns, "bold", HEAD_FILL);
  for (const r of block.rows) {
    drawRow(caseRowTexts(r, doc.lang), r.kind === "total" ? "bold" : "regular");
  }
  pdf.x = MARGIN;
  pdf.moveDown(0.5);
  pdf.font("italic").fontSize(8).text(block.note, MARGIN, pdf.y, { width: available });
  pdf.moveDown(1);
}

/** The notes and «Người lập biểu» under an annex. */
function drawAnnexFooter(pdf: Doc, doc: ReportDocument) {
  const width = pdf.page.width - 2 * MARGIN;
  pdf.font("italic").fontSize(8);
  for (const note of doc.notes) pdf.text(note, MARGIN, pdf.y, { width });
  if (pdf.y + 60 > pdf.page.height - MARGIN) pdf.addPage(LANDSCAPE);
  pdf.moveDown(1);
  const half = width / 2;
  pdf.font("bold").fontSize(11).text(doc.preparer.title, MARGIN, pdf.y, { width: half, align: "center" });
  pdf.font("italic").fontSize(10).text(doc.preparer.hint, { width: half, align: "center" });
}

/**
 * Starts the PDF and returns it as a readable stream at once; pages are drawn
 * in the background, yielding between chunks. `done` settles when it is complete.
 */
export function reportPdf(doc: ReportDocument, now: Date): { stream: Doc; done: Promise<void> } {
  const pdf = new PDFDocument({
    size: "A4",
    layout: "portrait",
    margin: MARGIN,
    info: { Title: doc.title, Author: doc.issuer.join(" – "), Creator: "HaiLong", CreationDate: now },
    lang: doc.lang,
  } as PDFKit.PDFDocumentOptions);
  pdf.registerFont("regular", FONTS.regular);
  pdf.registerFont("bold", FONTS.bold);
  pdf.registerFont("italic", FONTS.italic);
  const done = (async () => {
    drawHeader(pdf, doc);
    drawSections(pdf, doc);
    drawSignature(pdf, doc);
    for (const table of doc.tables) {
      pdf.addPage(LANDSCAPE);
      await drawTable(pdf, doc, table);
      drawAnnexFooter(pdf, doc);
    }
    for (const block of [doc.questions, doc.dossiers]) {
      if (!block) continue;
      pdf.addPage(LANDSCAPE);
      drawQuestions(pdf, doc, block);
      drawAnnexFooter(pdf, doc);
    }
    if (doc.cases) {
      pdf.addPage(LANDSCAPE);
      drawCases(pdf, doc, doc.cases);
      drawAnnexFooter(pdf, doc);
    }
    pdf.end();
  })();
  done.catch((error) => pdf.destroy(error as Error));
  return { stream: pdf, done };
}
