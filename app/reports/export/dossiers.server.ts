/**
 * The per-dossier section of a printed report (PDF, XLSX, DOCX), laid out as
 * the questions' annex is: a heading, a note, and one table of the section's
 * terms with count, share of the returned dossiers and 95% interval. Null
 * when the scope had no dossier in the period (no one-stop system reports to
 * this installation, or none in the period): the document then has no such annex.
 */
import type { ServerT } from "~/i18n/i18n.server";
import type { Language } from "~/i18n/languages";
import { formatNumber } from "~/utils/format";
import { type DossierSection, dossierRows } from "../dossier-section";
import type { QuestionsBlock } from "./questions.server";

export function dossiersBlock(section: DossierSection, t: ServerT, lang: Language): QuestionsBlock | null {
  if (section.received === 0 && section.returned === 0) return null;
  return {
    sheetName: t("reports:dossiers.sheet"),
    heading: t("reports:dossiers.export_heading"),
    note: t("reports:dossiers.note"),
    columns: [
      t("reports:dossiers.term"),
      t("reports:dossiers.count"),
      t("reports:dossiers.share"),
      t("reports:questions.interval"),
    ],
    intervalEnds: [t("reports:questions.interval_low"), t("reports:questions.interval_high")],
    cellLegend: "",
    tables: [
      {
        heading: t("reports:dossiers.export_table", {
          received: formatNumber(section.received, lang),
          returned: formatNumber(section.returned, lang),
        }),
        rows: dossierRows(section).map((r) => ({
          label: t(`reports:dossiers.rows.${r.key}`),
          count: r.count,
          share: r.share?.rate ?? null,
          low: r.share?.low ?? null,
          high: r.share?.high ?? null,
        })),
        breakdown: null,
      },
    ],
  };
}
