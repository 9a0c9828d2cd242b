/**
 * The report as a Word document (docx), for the official to finish and sign:
 * the same `ReportDocument` the PDF draws, laid out as Nghị định 30/2020/NĐ-CP
 * sets out an administrative document — Times New Roman 13, A4 portrait with
 * margins 20/20/30/20 mm, the header and the «Nơi nhận» / signature block as
 * borderless two-column tables — and each annex in its own landscape section.
 * Only layout here: every figure and sentence comes from the document.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  type ISectionOptions,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from "docx";
import { getT } from "~/i18n/i18n.server";
import { formatNumber, formatPercent, formatScore } from "~/utils/format";
import {
  type Column,
  type ReportDocument,
  type ReportTable,
  type TableRow as Row,
  reportColumns,
} from "./document.server";
import { type QuestionBreakdown, type QuestionsBlock, breakdownCellText } from "./questions.server";
import { type CasesBlock, caseRowTexts } from "./cases.server";

export const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const FONT = "Times New Roman";
/** Half-points: 13 pt for the text, 8 pt in the annex tables. */
const BODY = 26;
const SMALL = 22;
const TABLE = 16;
const MM = 56.7; // twips per millimetre
const A4 = { width: 11906, height: 16838 };
const PORTRAIT_MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 20 * MM };
const LANDSCAPE_MARGIN = { top: 20 * MM, bottom: 15 * MM, left: 15 * MM, right: 15 * MM };
const PORTRAIT_WIDTH = A4.width - PORTRAIT_MARGIN.left - PORTRAIT_MARGIN.right;
const LANDSCAPE_WIDTH = A4.height - LANDSCAPE_MARGIN.left - LANDSCAPE_MARGIN.right;

const NONE = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" } as const;
const NO_BORDERS = {
  top: NONE,
  bottom: NONE,
  left: NONE,
  right: NONE,
  insideHorizontal: NONE,
  insideVertical: NONE,
};
const LINE = { style: BorderStyle.SINGLE, size: 4, color: "000000" } as const;
const GRID = { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE };

interface Style {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  size?: number;
  align?: (typeof AlignmentType)[keyof typeof AlignmentType];
  indent?: boolean;
  after?: number;
}

function para(text: string, style: Style = {}): Paragraph {
  return new Paragraph({
    alignment: style.align ?? AlignmentType.LEFT,
    spacing: { after: style.after ?? 0, line: 276 },
    indent: style.indent ? { firstLine: 10 * MM } : undefined,
    children: [
      new TextRun({
        text,
        font: FONT,
        size: style.size ?? BODY,
        bold: style.bold,
        italics: style.italics,
        underline: style.underline ? {} : undefined,
      }),
    ],
  });
}

const centred = (text: string, style: Style = {}) => para(text, { ...style, align: AlignmentType.CENTER });

/** A borderless two-column table: the document's header and its signature block. */
function twoColumns(left: Paragraph[], right: Paragraph[], leftWidth: number): Table {
  const cell = (children: Paragraph[], width: number) =>
    new TableCell({ children, width: { size: width, type: WidthType.DXA }, borders: NO_BORDERS });
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: PORTRAIT_WIDTH, type: WidthType.DXA },
    columnWidths: [leftWidth, PORTRAIT_WIDTH - leftWidth],
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left, leftWidth), cell(right, PORTRAIT_WIDTH - leftWidth)] })],
  });
}

function header(doc: ReportDocument): Table {
  const left = [
    ...(doc.issuer[0] ? [centred(doc.issuer[0], { size: BODY })] : []),
    centred(doc.issuer[1], { bold: true, underline: true }),
    centred(""),
    centred(doc.numberLine),
  ];
  const right = [
    centred(doc.nation[0], { bold: true, size: 24 }),
    centred(doc.nation[1], { bold: true, underline: true }),
    centred(""),
    centred(doc.placeDate, { italics: true }),
  ];
  return twoColumns(left, right, Math.round(PORTRAIT_WIDTH * 0.4));
}

function signature(doc: ReportDocument): Table {
  const left = [
    para(doc.recipients.heading, { bold: true, italics: true, size: 24 }),
    ...doc.recipients.lines.map((line) => para(`- ${line}`, { size: SMALL })),
  ];
  const right = [
    ...doc.signer.lines.map((line) => centred(line, { bold: true })),
    centred(doc.signer.hint, { italics: true, size: SMALL }),
    ...Array.from({ length: 4 }, () => centred("")),
    centred(doc.signer.name, { bold: true }),
  ];
  return twoColumns(left, right, Math.round(PORTRAIT_WIDTH * 0.45));
}

function mainSection(doc: ReportDocument): ISectionOptions {
  const children: (Paragraph | Table)[] = [
    header(doc),
    centred("", { after: 120 }),
    centred(doc.title, { bold: true, size: 28 }),
    centred(doc.periodLine, { italics: true }),
    centred(doc.scopeLine, { after: 240 }),
    para(doc.targetsLine, { indent: true, align: AlignmentType.JUSTIFIED, after: 120 }),
  ];
  for (const section of doc.sections) {
    children.push(para(section.heading, { bold: true, after: 60 }));
    for (const text of section.paragraphs) {
      children.push(para(text, { indent: true, align: AlignmentType.JUSTIFIED, after: 60 }));
    }
    for (let i = 0; i < section.blankLines; i++) children.push(para(".".repeat(120), { after: 60 }));
  }
  children.push(centred("", { after: 120 }), signature(doc));
  return {
    properties: { page: { size: A4, margin: PORTRAIT_MARGIN } },
    children,
  };
}

function cellText(c: Column, row: Row, lang: ReportDocument["lang"]): string {
  const value = c.value(row);
  if (value === null) return c.kind === "pct" ? "—" : "";
  if (typeof value === "string") return value;
  return c.kind === "pct" ? formatPercent(value, lang) : formatNumber(value, lang);
}

function tableCell(
  text: string,
  width: number,
  opts: { bold?: boolean; align?: Style["align"]; span?: number; rows?: number; shade?: boolean }
) {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    columnSpan: opts.span,
    rowSpan: opts.rows,
    verticalAlign: VerticalAlign.CENTER,
    shading: opts.shade ? { fill: "E7EEF2" } : undefined,
    margins: { top: 30, bottom: 30, left: 50, right: 50 },
    children: [para(text, { size: TABLE, bold: opts.bold, align: opts.align ?? AlignmentType.CENTER })],
  });
}

function annexTable(doc: ReportDocument, table: ReportTable): Table {
  const t = getT(doc.lang);
  // The PDF's columns, widened to the landscape page.
  const columns = reportColumns(table, t).filter((c) => c.pdfWidth !== null);
  const total = columns.reduce((sum, c) => sum + c.pdfWidth!, 0);
  const widths = columns.map((c) => Math.floor((c.pdfWidth! / total) * LANDSCAPE_WIDTH));
  const first: TableCell[] = [];
  const second: TableCell[] = [];
  for (let i = 0; i < columns.length;) {
    const group = columns[i].group;
    let span = 1;
    while (group && columns[i + span]?.group === group) span += 1;
    if (group) {
      const width = widths.slice(i, i + span).reduce((a, b) => a + b, 0);
      first.push(tableCell(group, width, { bold: true, span, shade: true }));
      for (let k = i; k < i + span; k++)
        second.push(tableCell(columns[k].header, widths[k], { bold: true, shade: true }));
    } else {
      first.push(tableCell(columns[i].header, widths[i], { bold: true, rows: 2, shade: true }));
    }
    i += span;
  }
  const rows = table.rows.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: columns.map((c, i) =>
          tableCell(cellText(c, row, doc.lang), widths[i], {
            bold: row.kind !== "group",
            align:
              c.kind === "text"
                ? AlignmentType.LEFT
                : c.kind === "judgement"
                  ? AlignmentType.CENTER
                  : AlignmentType.RIGHT,
          })
        ),
      })
  );
  return annexGrid(widths, [first, second], rows);
}

/** An annex's table across the landscape page: its header rows repeated on every page, then its rows. */
function annexGrid(widths: number[], headers: TableCell[][], rows: TableRow[]): Table {
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: LANDSCAPE_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders: GRID,
    rows: [...headers.map((children) => new TableRow({ tableHeader: true, children })), ...rows],
  });
}

/** One header row of bold, shaded cells, a column a heading. */
const headerCells = (columns: string[], widths: number[]) =>
  columns.map((h, i) => tableCell(h, widths[i], { bold: true, shade: true }));

/** «Người lập biểu» under an annex, on its left half. */
function preparerBlock(doc: ReportDocument): Table {
  const half = Math.round(LANDSCAPE_WIDTH / 2);
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: LANDSCAPE_WIDTH, type: WidthType.DXA },
    columnWidths: [half, LANDSCAPE_WIDTH - half],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            borders: NO_BORDERS,
            width: { size: half, type: WidthType.DXA },
            children: [
              centred(doc.preparer.title, { bold: true, size: 24 }),
              centred(doc.preparer.hint, { italics: true, size: SMALL }),
            ],
          }),
          new TableCell({
            borders: NO_BORDERS,
            width: { size: LANDSCAPE_WIDTH - half, type: WidthType.DXA },
            children: [centred("")],
          }),
        ],
      }),
    ],
  });
}

const LANDSCAPE_PAGE = {
  page: { size: { ...A4, orientation: PageOrientation.LANDSCAPE }, margin: LANDSCAPE_MARGIN },
};

function annexSection(doc: ReportDocument, table: ReportTable): ISectionOptions {
  const preparer = preparerBlock(doc);
  return {
    properties: LANDSCAPE_PAGE,
    children: [
      centred(table.annex, { bold: true }),
      centred(table.annexHeading, { bold: true }),
      centred(doc.annexReference, { italics: true, size: SMALL }),
      centred(doc.targetsLine, { size: 18, after: 120 }),
      annexTable(doc, table),
      ...(table.note ? [para(table.note, { italics: true, size: 18 })] : []),
      ...doc.notes.map((note) => para(note, { italics: true, size: 18 })),
      centred("", { after: 120 }),
      preparer,
    ],
  };
}

/** A question's breakdown by the report's groups: its heading, then a row per group, an option a column. */
function breakdownTable(doc: ReportDocument, breakdown: QuestionBreakdown): (Paragraph | Table)[] {
  const first = Math.floor(0.2 * LANDSCAPE_WIDTH);
  const answered = Math.floor(0.07 * LANDSCAPE_WIDTH);
  const mean = breakdown.meanColumn ? Math.floor(0.07 * LANDSCAPE_WIDTH) : 0;
  const option = Math.floor((LANDSCAPE_WIDTH - first - answered - mean) / breakdown.options.length);
  const widths = [first, answered, ...breakdown.options.map(() => option), ...(mean ? [mean] : [])];
  const headers = [
    breakdown.firstColumn,
    breakdown.answeredColumn,
    ...breakdown.options,
    ...(breakdown.meanColumn ? [breakdown.meanColumn] : []),
  ];
  // A cell of an option: its share and count over its interval, two paragraphs (two lines in Writer's text).
  const optionCell = (text: string, width: number) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      margins: { top: 30, bottom: 30, left: 50, right: 50 },
      children: text.split("\n").map((line) => para(line, { size: TABLE, align: AlignmentType.RIGHT })),
    });
  return [
    para(breakdown.heading, { italics: true, size: 18, after: 60 }),
    annexGrid(
      widths,
      [headerCells(headers, widths)],
      breakdown.rows.map(
        (group) =>
          new TableRow({
            cantSplit: true,
            children: [
              tableCell(group.label, widths[0], { align: AlignmentType.LEFT }),
              tableCell(formatNumber(group.answered, doc.lang), widths[1], { align: AlignmentType.RIGHT }),
              ...group.cells.map((c, k) => optionCell(breakdownCellText(c, doc.lang), widths[2 + k])),
              ...(breakdown.meanColumn
                ? [tableCell(formatScore(group.mean, doc.lang), widths.at(-1)!, { align: AlignmentType.RIGHT })]
                : []),
            ],
          })
      )
    ),
  ];
}

/** The extra questions' annex: per question its heading, a table of its options (count, share, interval), its breakdown. */
function questionsSection(doc: ReportDocument, block: QuestionsBlock): ISectionOptions {
  const widths = [0.5, 0.15, 0.15, 0.2].map((f) => Math.floor(f * LANDSCAPE_WIDTH));
  const pct = (v: number | null) => (v === null ? "—" : formatPercent(v, doc.lang));
  const tables = block.tables.flatMap((question) => [
    para(question.heading, { bold: true, size: SMALL, after: 60 }),
    annexGrid(
      widths,
      [headerCells(block.columns, widths)],
      question.rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: [
              tableCell(r.label, widths[0], { align: AlignmentType.LEFT }),
              tableCell(formatNumber(r.count, doc.lang), widths[1], { align: AlignmentType.RIGHT }),
              tableCell(pct(r.share), widths[2], { align: AlignmentType.RIGHT }),
              tableCell(r.low === null ? "—" : `${pct(r.low)} – ${pct(r.high)}`, widths[3], {
                align: AlignmentType.RIGHT,
              }),
            ],
          })
      )
    ),
    ...(question.breakdown ? [centred("", { after: 60 }), ...breakdownTable(doc, question.breakdown)] : []),
    centred("", { after: 120 }),
  ]);
  return {
    properties: LANDSCAPE_PAGE,
    children: [
      centred(block.heading, { bold: true }),
      centred(doc.annexReference, { italics: true, size: SMALL }),
      para(block.note, { italics: true, size: 18 }),
      ...(block.tables.some((q) => q.breakdown) ? [para(block.cellLegend, { italics: true, size: 18 })] : []),
      ...tables,
      preparerBlock(doc),
    ],
  };
}

/** The case section's annex (ADR 049): one table, a row per unit and the total. */
function casesSection(doc: ReportDocument, block: CasesBlock): ISectionOptions {
  const first = Math.floor(0.22 * LANDSCAPE_WIDTH);
  const rest = Math.floor((LANDSCAPE_WIDTH - first) / (block.columns.length - 1));
  const widths = [first, ...block.columns.slice(1).map(() => rest)];
  return {
    properties: LANDSCAPE_PAGE,
    children: [
      centred(block.heading, { bold: true }),
      centred(doc.annexReference, { italics: true, size: SMALL, after: 120 }),
      annexGrid(
        widths,
        [headerCells(block.columns, widths)],
        block.rows.map(
          (r) =>
            new TableRow({
              cantSplit: true,
              children: caseRowTexts(r, doc.lang).map((text, i) =>
                tableCell(text, widths[i], {
                  bold: r.kind === "total",
                  align: i === 0 ? AlignmentType.LEFT : AlignmentType.RIGHT,
                })
              ),
            })
        )
      ),
      para(block.note, { italics: true, size: 18 }),
      centred("", { after: 120 }),
      preparerBlock(doc),
    ],
  };
}

/** The whole report as a .docx file. */
export async function reportDocx(doc: ReportDocument): Promise<Buffer> {
  const file = new Document({
    creator: "HaiLong",
    title: doc.title,
    description: doc.scopeLine,
    lastModifiedBy: "HaiLong",
    revision: 1,
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    sections: [
      mainSection(doc),
      ...doc.tables.map((table) => annexSection(doc, table)),
      ...(doc.questions ? [questionsSection(doc, doc.questions)] : []),
      ...(doc.cases ? [casesSection(doc, doc.cases)] : []),
      ...(doc.dossiers ? [questionsSection(doc, doc.dossiers)] : []),
    ],
  });
  return Packer.toBuffer(file);
}
