/**
 * The printable report in the Vietnamese administrative form of Nghị định
 * 30/2020/NĐ-CP (docs/domain.md, "The report form"): the issuing body with
 * «Số: …/BC-…» and the national motto in two columns, place and date, the
 * title with the period, the drafted text (I. Kết quả, II. Đánh giá, III. Kiến
 * nghị), «Nơi nhận» and the signature, then the tables as annexes — by level,
 * by unit (with totals per level and for the scope), by field and by month.
 * Built once from `ratesReport` and drawn by the PDF, DOCX and XLSX writers,
 * which only lay it out (ADR 036).
 */
import type { DB } from "~db/connection";
import { SETTING_KEYS, getSetting } from "~db/repositories/settings";
import { findUnitById, findUnitsByCode, listRootUnits } from "~db/repositories/units";
import { RATINGS, type Rating } from "~db/schema";
import { documentDateParts, formatDate, formatPercent } from "~/utils/format";
import { type Period, periodLabel, previousPeriod } from "~/domain/periods";
import { type RateCounts, type RateGroup, type Rates, type Targets, judgementOf } from "~/domain/rates";
import { RATING_COUNT } from "~/domain/response";
import { localDateOf } from "~/domain/time";
import type { Language } from "~/i18n/languages";
import { type ServerT, getT } from "~/i18n/i18n.server";
import { type ReportSigner, findReportSigner } from "~db/repositories/report-signers";
import { type DocumentSection, draftNarrative } from "../narrative";
import { ratesReport } from "../rates-report.server";
import type { RatesReport, ReportBy } from "../report-model";
import { ALL_UNITS, type ReportScope } from "../scope.server";
import { targetContext } from "../targets.server";
import {
  AUTHORITIES,
  type Authority,
  type DocumentOptions,
  ISSUER_KINDS,
  type IssuerKind,
  NO_CHOICES,
  NO_DOCUMENT_OPTIONS,
  type Signing,
  type SigningChoices,
  documentNumber,
  resolveSigning,
  signerLines,
} from "../signing";
import { currentVersion } from "../unit-tree";
import { dossiersBlock } from "./dossiers.server";
import { type QuestionsBlock, questionsBlock } from "./questions.server";
import { type CasesBlock, casesBlock } from "./cases.server";

export interface TableRow {
  kind: "group" | "subtotal" | "total";
  /** Số thứ tự, for group rows. */
  stt: number | null;
  code: string;
  label: string;
  /** The level column's text (by unit only). */
  level: string | null;
  counts: RateCounts;
  rates: Rates;
  shares: Record<Rating, number | null>;
}

export interface ReportTable {
  by: ReportBy;
  sheetName: string;
  heading: string;
  firstColumn: string;
  showLevel: boolean;
  note: string | null;
  rows: TableRow[];
  /** «Phụ lục I» and the annex's own heading, as the PDF and DOCX print the table. */
  annex: string;
  annexHeading: string;
}

/**
 * One description of the report that every writer lays out (PDF, DOCX, and
 * the XLSX's tables): the header, the text in numbered sections, «Nơi nhận»
 * and the signature, then the tables as annexes. A new part of the report is a
 * new section or table here; the writers draw lists of them.
 */
export interface ReportDocument {
  lang: Language;
  /** Left header column: the body above (cơ quan chủ quản, may be "") over the issuing body. */
  issuer: [string, string];
  /** «Số: 12/BC-SNV», or with the number left blank for the clerk. */
  numberLine: string;
  /** Right header column: the national name over the motto. */
  nation: [string, string];
  placeDate: string;
  title: string;
  periodLine: string;
  scopeLine: string;
  targetsLine: string;
  /** I. Kết quả, II. Đánh giá, III. Kiến nghị. */
  sections: DocumentSection[];
  recipients: { heading: string; lines: string[] };
  /** The signature block: authority and title lines, a hint, and the signer's name (may be ""). */
  signer: { lines: string[]; hint: string; name: string };
  /** Under each annex. */
  preparer: { title: string; hint: string };
  /** Under each annex's heading: «(Kèm theo Báo cáo số … ngày …)». */
  annexReference: string;
  notes: string[];
  tables: ReportTable[];
  /** The extra questions' answers, after the tables; null when none was answered. */
  questions: QuestionsBlock | null;
  /** «Kết quả xử lý phản ánh nhũng nhiễu, gây phiền hà», by unit (ADR 049); null when no case was opened in the period. */
  cases: CasesBlock | null;
  /** The per-dossier section (laid out like the questions); null when the scope had no dossier in the period. */
  dossiers: QuestionsBlock | null;
  /** A file name without extension: bao-cao-hai-long_01_2026-10-01_2026-12-31 */
  fileBase: string;
  targets: Targets;
}

const PROVINCE_PREFIXES = ["Tỉnh ", "Thành phố ", "TP. "];

/** "Tỉnh An Hòa" → the header's "UBND TỈNH AN HÒA" and the place "An Hòa". */
export function provinceHeader(name: string): { issuer: string; place: string } {
  const trimmed = name.trim();
  const prefix = PROVINCE_PREFIXES.find((p) => trimmed.startsWith(p));
  const place = prefix ? trimmed.slice(prefix.length).trim() : trimmed;
  const full = prefix === "TP. " ? `Thành phố ${place}` : prefix ? trimmed : `Tỉnh ${trimmed}`;
  return { issuer: `UBND ${full.toLocaleUpperCase("vi")}`, place };
}

/**
 * The defaults of a scope's level (Nghị định 30/2020/NĐ-CP: cơ quan chủ quản
 * over cơ quan ban hành). The province's report is its Sở Nội vụ's (or the
 * office's) under the provincial People's Committee, signed by its director;
 * a district's or a commune's is its own People's Committee's («UBND XÃ …»,
 * with no body above it for a commune), signed TM. by the chairman.
 */
export function levelSigning(
  scope: { level: ReportScope["level"]; name: string | null },
  kind: IssuerKind | null,
  province: { issuer: string; place: string },
  t: ServerT
): { parent: string; signing: Signing } {
  // One recipient a line in the locale file.
  const recipients = (key: string) =>
    t(`reports:document.recipients.${key}`, { place: province.place || "……" }).split("\n");
  if ((scope.level === "commune" || scope.level === "district") && scope.name) {
    return {
      parent: scope.level === "district" ? province.issuer : "",
      signing: {
        issuerKind: "department",
        issuerName: `UBND ${scope.name.trim().toLocaleUpperCase("vi")}`,
        numberSuffix: "UBND",
        authority: "TM",
        principal: t("reports:document.signer.committee"),
        signerTitle: t("reports:document.signer.chair"),
        signerName: "",
        recipients: recipients(scope.level),
      },
    };
  }
  const office = kind === "office";
  return {
    parent: province.issuer,
    signing: {
      issuerKind: office ? "office" : "department",
      issuerName: t(office ? "reports:document.office" : "reports:export.department"),
      numberSuffix: office ? "VP" : "SNV",
      authority: "",
      principal: t(office ? "reports:document.signer.office_head" : "reports:document.signer.director"),
      signerTitle: t(office ? "reports:document.signer.office_head" : "reports:document.signer.director"),
      signerName: "",
      recipients: recipients("province"),
    },
  };
}

/** The province a scope belongs to: the setting, else the province above (or at) the scope. */
async function provinceName(db: DB, scope: ReportScope): Promise<string | null> {
  const setting = await getSetting(db, SETTING_KEYS.provinceName);
  if (setting?.trim()) return setting.trim();
  if (scope.code === ALL_UNITS) {
    const roots = await listRootUnits(db);
    return roots.length === 1 ? roots[0].name : null;
  }
  let unit = currentVersion(await findUnitsByCode(db, scope.code));
  for (let depth = 0; unit.parentId !== null && depth < 10; depth++) {
    const parent = await findUnitById(db, unit.parentId);
    if (!parent) break;
    unit = parent;
  }
  return unit.level === "province" ? unit.name : null;
}

function rowOf(group: RateGroup, kind: TableRow["kind"], stt: number | null, level: string | null): TableRow {
  return {
    kind,
    stt,
    code: group.key,
    label: group.label,
    level,
    counts: group.counts,
    rates: group.rates,
    shares: group.shares,
  };
}

function tableOf(report: RatesReport, t: ServerT, levels?: RatesReport): Omit<ReportTable, "annex" | "annexHeading"> {
  const groups = report.groups.map((g, i) =>
    rowOf(g, "group", i + 1, report.by === "unit" ? (g.levelLabel ?? null) : null)
  );
  // By-level groups are the levels present, in order (RatesReport.levels).
  const subtotals =
    levels?.groups
      .map((g, i) => ({ g, subtotal: levels.levels[i].subtotalLabel }))
      .filter(({ g }) => g.counts.total + g.counts.suspect > 0)
      .map(({ g, subtotal }) => rowOf({ ...g, label: subtotal }, "subtotal", null, null)) ?? [];
  const total = rowOf(
    { ...report.total, label: t("reports:export.total", { scope: report.scope.name }) },
    "total",
    null,
    null
  );
  return {
    by: report.by,
    sheetName: t(`reports:export.sheets.${report.by}`),
    heading: t(`reports:export.headings.${report.by}`),
    firstColumn: t(`reports:export.first_column.${report.by}`),
    showLevel: report.by === "unit",
    note:
      report.by === "unit"
        ? t("reports:export.unit_note")
        : report.by === "officer"
          ? t("reports:officers.hidden", {
              count: report.hiddenBelowMinSample ?? 0,
              minSample: report.targets.minSample,
            })
          : null,
    rows: [...groups, ...subtotals, total],
  };
}

/** The judgement a printed report writes next to a rate. */
export function judgementText(rate: Rates[keyof Rates], t: ServerT): string {
  const judgement = judgementOf(rate);
  return judgement === "no_data" ? "—" : t(`rates.judgement.${judgement}`);
}

const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];

/** The tables numbered as annexes, in their order: «Phụ lục I», «Phụ lục II», … */
export function asAnnexes(tables: Omit<ReportTable, "annex" | "annexHeading">[], t: ServerT): ReportTable[] {
  return tables.map((table, i) => ({
    ...table,
    annex: t("reports:document.annex", { number: ROMAN[i] ?? String(i + 1) }),
    annexHeading: t(`reports:document.annex_headings.${table.by}`),
  }));
}

export async function buildReportDocument(
  db: DB,
  prepared: { period: Period; scope: ReportScope; targets: Targets },
  lang: Language,
  now: Date,
  options: DocumentOptions = NO_DOCUMENT_OPTIONS,
  /**
   * The grouping asked for: the extra questions' breakdown follows it (by unit when
   * by officer, as the questions are not counted per officer), and by=officer adds the
   * annex by officer (which only managers and administrators may ask for).
   */
  by: ReportBy = "unit"
): Promise<ReportDocument> {
  const withOfficers = by === "officer";
  const t = getT(lang);
  const { period, scope, targets } = prepared;
  const reportOptions = { lang, targets, now };
  const range = { from: period.from, to: period.to };
  const before = previousPeriod(period);
  const [[level, unit, field, month, previous], officers] = await Promise.all([
    Promise.all([
      ...(["level", "unit", "field", "month"] as const).map((by) =>
        ratesReport(db, scope, { ...range, by }, reportOptions)
      ),
      ratesReport(db, scope, { from: before.from, to: before.to, by: "level" }, reportOptions),
    ]),
    withOfficers ? ratesReport(db, scope, { ...range, by: "officer" }, reportOptions) : null,
  ]);
  const province = await provinceName(db, scope);
  const header = province ? provinceHeader(province) : { issuer: t("reports:export.issuer_unknown"), place: "" };
  const saved = scope.code === ALL_UNITS ? undefined : await findReportSigner(db, scope.code);
  const unitChoices = saved ? savedChoices(saved) : NO_CHOICES;
  const kind = options.signing.issuerKind ?? unitChoices.issuerKind;
  const defaults = levelSigning(scope, kind, header, t);
  const signing = resolveSigning([options.signing, unitChoices], defaults.signing);
  const issued = options.issued ?? localDateOf(now);
  const number = documentNumber(options.number, signing.numberSuffix);
  const label = periodLabel(period, t);
  const dates = { from: formatDate(period.from), to: formatDate(period.to) };
  const pct = (v: number) => formatPercent(v, lang);
  const context = await targetContext(db, period.to);
  const baselines = context.baselines
    .map((b) =>
      t("reports:export.baseline_year", {
        year: b.year,
        satisfaction: pct(b.satisfaction),
        harassment: pct(b.harassment),
      })
    )
    .join("; ");
  const dateParts = documentDateParts(issued);
  return {
    lang,
    issuer: [defaults.parent, signing.issuerName],
    numberLine: t("reports:document.number", { number }),
    nation: [t("reports:export.nation"), t("reports:export.motto")],
    placeDate: t("reports:export.place_date", { place: header.place || "……", ...dateParts }),
    title: t("reports:export.title"),
    periodLine: period.kind === "range" ? `(${label})` : t("reports:export.period_line", { period: label, ...dates }),
    scopeLine: t("reports:export.scope_line", { scope: level.scope.name }),
    targetsLine: t("reports:export.targets_line", {
      year: context.year,
      resolution: context.resolution ? t("reports:export.targets_resolution", { resolution: context.resolution }) : "",
      satisfaction: pct(targets.satisfaction),
      harassment: pct(targets.harassment),
      onTime: pct(targets.onTime),
      baselines: baselines ? t("reports:export.baselines_line", { years: baselines }) : "",
    }),
    sections: draftNarrative(
      {
        lang,
        scopeName: level.scope.name,
        targets,
        total: level.total,
        units: unit.groups,
        previous: { label: periodLabel(before, t), total: previous.total },
      },
      t
    ),
    recipients: { heading: t("reports:document.recipients_heading"), lines: signing.recipients },
    signer: {
      lines: signerLines(signing),
      hint: t("reports:document.signer.hint"),
      name: signing.signerName,
    },
    preparer: { title: t("reports:export.signature_maker"), hint: t("reports:export.signature_maker_hint") },
    annexReference: t("reports:document.annex_reference", { number, ...dateParts }),
    notes: [
      t("reports:export.note_rates", { minSample: targets.minSample }),
      t("reports:export.note_decision766"),
      t("reports:export.note_suspect"),
    ],
    tables: asAnnexes(
      [
        tableOf(level, t),
        tableOf(unit, t, level),
        tableOf(field, t),
        tableOf(month, t),
        ...(officers ? [tableOf(officers, t)] : []),
      ],
      t
    ),
    questions: questionsBlock(
      { level, unit, field, month, officer: unit }[by].questions,
      by === "officer" ? "unit" : by,
      t,
      lang
    ),
    cases: casesBlock(unit.cases, t),
    dossiers: dossiersBlock(level.dossiers, t, lang),
    fileBase: `bao-cao-hai-long_${scope.code === ALL_UNITS ? "tat-ca" : scope.code}_${period.from}_${period.to}`,
    targets,
  };
}

/** A unit's saved settings as choices (values the app wrote; anything else reads as not set). */
function savedChoices(saved: ReportSigner): SigningChoices {
  const authority = (AUTHORITIES as readonly string[]).includes(saved.authority ?? "-")
    ? (saved.authority as Authority)
    : null;
  const issuerKind = (ISSUER_KINDS as readonly string[]).includes(saved.issuerKind ?? "-")
    ? (saved.issuerKind as IssuerKind)
    : null;
  return {
    issuerKind,
    issuerName: saved.issuerName,
    numberSuffix: saved.numberSuffix,
    authority,
    principal: saved.principal,
    signerTitle: saved.signerTitle,
    signerName: saved.signerName,
    recipients: saved.recipients,
  };
}

/** Column definitions shared by the XLSX and PDF writers. */
export interface Column {
  /** Group header over several columns ("Rất hài lòng"), or none for a single column. */
  group: string | null;
  header: string;
  kind: "text" | "int" | "pct" | "judgement";
  /** Excel width in characters; PDF width in points. */
  width: number;
  pdfWidth: number | null;
  value(row: TableRow): string | number | null;
}

export function reportColumns(table: ReportTable, t: ServerT): Column[] {
  const columns: Column[] = [
    { group: null, header: t("reports:export.columns.stt"), kind: "int", width: 6, pdfWidth: 24, value: (r) => r.stt },
    {
      group: null,
      header: table.firstColumn,
      kind: "text",
      width: 38,
      pdfWidth: table.showLevel ? 130 : 178,
      value: (r) => r.label,
    },
  ];
  if (table.showLevel) {
    columns.push({
      group: null,
      header: t("reports:export.columns.level"),
      kind: "text",
      width: 12,
      pdfWidth: 46,
      value: (r) => r.level,
    });
  }
  columns.push({
    group: null,
    header: t("reports:export.columns.total"),
    kind: "int",
    width: 11,
    pdfWidth: 46,
    value: (r) => r.counts.total,
  });
  for (const rating of RATINGS) {
    const group = t(`ratings.${rating}`);
    columns.push(
      {
        group,
        header: t("reports:export.columns.count"),
        kind: "int",
        width: 10,
        pdfWidth: 36,
        value: (r) => r.counts[RATING_COUNT[rating]],
      },
      {
        group,
        header: t("reports:export.columns.share"),
        kind: "pct",
        width: 10,
        pdfWidth: 36,
        value: (r) => r.shares[rating],
      }
    );
  }
  const satisfaction = t("reports:export.columns.satisfaction_group");
  const harassment = t("reports:export.columns.harassment_group");
  const onTime = t("reports:export.columns.on_time_group");
  const judged = (pick: (r: TableRow) => Rates[keyof Rates]) => (r: TableRow) => judgementText(pick(r), t);
  columns.push(
    {
      group: satisfaction,
      header: t("reports:export.columns.rate"),
      kind: "pct",
      width: 10,
      pdfWidth: 44,
      value: (r) => r.rates.satisfaction.rate,
    },
    {
      group: satisfaction,
      header: t("reports:export.columns.judgement"),
      kind: "judgement",
      width: 13,
      pdfWidth: 50,
      value: judged((r) => r.rates.satisfaction),
    },
    // Decision 766's ratio beside ours, for reconciling with the national ranking; it has no target.
    {
      group: null,
      header: t("reports:export.columns.decision766"),
      kind: "pct",
      width: 14,
      pdfWidth: 44,
      value: (r) => r.rates.decision766.rate,
    },
    {
      group: harassment,
      header: t("reports:export.columns.count"),
      kind: "int",
      width: 10,
      pdfWidth: null,
      value: (r) => r.counts.harassment,
    },
    {
      group: harassment,
      header: t("reports:export.columns.rate"),
      kind: "pct",
      width: 10,
      pdfWidth: 44,
      value: (r) => r.rates.harassment.rate,
    },
    {
      group: harassment,
      header: t("reports:export.columns.judgement"),
      kind: "judgement",
      width: 13,
      pdfWidth: 50,
      value: judged((r) => r.rates.harassment),
    },
    {
      group: onTime,
      header: t("reports:export.columns.rate"),
      kind: "pct",
      width: 10,
      pdfWidth: null,
      value: (r) => r.rates.onTime.rate,
    },
    {
      group: onTime,
      header: t("reports:export.columns.judgement"),
      kind: "judgement",
      width: 13,
      pdfWidth: null,
      value: judged((r) => r.rates.onTime),
    },
    {
      group: null,
      header: t("reports:export.columns.suspect"),
      kind: "int",
      width: 12,
      pdfWidth: null,
      value: (r) => r.counts.suspect,
    }
  );
  return columns;
}
