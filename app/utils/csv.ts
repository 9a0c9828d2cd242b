/**
 * CSV as spreadsheets read and write it. Reading: RFC 4180 quoting, CRLF or
 * LF, an optional UTF-8 byte order mark, and a comma or semicolon separator
 * (Excel in Vietnamese settings often saves with ";"). Writing: `writeCsv`,
 * safe against formula injection. Pure.
 */

/** The separator of the first line outside quotes: ";" when it has more of them than ",". */
export function detectSeparator(text: string): "," | ";" {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && ch === ",") commas++;
    else if (!quoted && ch === ";") semicolons++;
  }
  return semicolons > commas ? ";" : ",";
}

export interface CsvRow {
  /** 1-based line number where the row starts, as a spreadsheet user counts. */
  line: number;
  cells: string[];
}

/** Rows of cells; blank lines are skipped. An unclosed quote runs to the end of the text. */
export function parseCsv(
  input: string,
  separator: "," | ";" = detectSeparator(input.replace(/^\uFEFF/, ""))
): CsvRow[] {
  const text = input.replace(/^\uFEFF/, "");
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0].trim() !== "") rows.push({ line: rowLine, cells });
    cells = [];
    cell = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === "\n") line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (ch === separator) {
      cells.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      cell += ch;
    }
  }
  if (cell !== "" || cells.length > 0) endRow();
  return rows;
}

/**
 * Where a spreadsheet may start a cell — the start of the text, or right after
 * a `,` `;` tab or line break (a reader set to another separator, or not
 * honouring quotes, splits there) — then any spaces (it may trim them), then a
 * formula lead: = + - @, tab or CR (some strip those two first). Apostrophes
 * already standing before the lead count with it.
 */
const FORMULA_AT_CELL_START = /(?<=^|[,;\t\r\n])( *)(?='*[=+\-@\t\r])/g;

/**
 * Text no spreadsheet will run, whatever separator it splits at: an apostrophe
 * before each formula lead where a cell may start ("Xã Mới;=SUM(1)" becomes
 * "Xã Mới;'=SUM(1)"). Apostrophes already there get one more ("'=1" becomes
 * "''=1"), so the escape can always be told apart from a name that had one.
 */
function neutraliseFormulas(text: string): string {
  return text.replace(FORMULA_AT_CELL_START, "$1'");
}

/** One cell: a number as it is, text neutralised (above) and always quoted, nothing for null. */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  return `"${neutraliseFormulas(value).replace(/"/g, '""')}"`;
}

/**
 * The one way HaiLong writes CSV: UTF-8 with a byte order mark (so Excel
 * shows Vietnamese), comma-separated, CRLF line ends, every cell through `csvCell`.
 */
export function writeCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return "\uFEFF" + rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
