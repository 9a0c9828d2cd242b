/**
 * The dashboard's section by receiving officer (issue 17, ADR 056): only for
 * managers and administrators (the loader leaves it out for viewers); officers
 * below the minimum sample are not listed, only counted in the note. Links to
 * the XLSX and PDF with the officers' annex.
 */
import { RatesTable } from "~/components/report-tables";
import type { RateGroup } from "~/domain/rates";
import { useT } from "~/i18n/react";

export function OfficerSection({
  groups,
  total,
  hidden,
  minSample,
  linkParams,
}: {
  groups: readonly RateGroup[];
  total: RateGroup;
  hidden: number;
  minSample: number;
  linkParams: Record<string, string>;
}) {
  const { t } = useT();
  const query = (format: string) => new URLSearchParams({ ...linkParams, format, by: "officer" }).toString();
  return (
    <section aria-labelledby="officers-title" className="officer-section">
      <h2 id="officers-title">{t("reports:officers.title")}</h2>
      <p>{t("reports:officers.intro")}</p>
      {groups.length === 0 ? (
        <p className="empty">{t("reports:officers.none", { minSample })}</p>
      ) : (
        <RatesTable
          caption={t("reports:officers.table")}
          firstColumn={t("reports:columns.officer")}
          groups={groups}
          total={total}
        />
      )}
      {hidden > 0 ? <p className="note">{t("reports:officers.hidden", { count: hidden, minSample })}</p> : null}
      <p>
        <a href={`/reports/download?${query("xlsx")}`} download>
          {t("reports:officers.xlsx")}
        </a>
        {" · "}
        <a href={`/reports/download?${query("pdf")}`} download>
          {t("reports:officers.pdf")}
        </a>
      </p>
    </section>
  );
}
