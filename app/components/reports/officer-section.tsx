/**
 * The dashboard's section by receiving officer (issue 17, ADR 056): only for
 * managers and administrators (the loader leaves it out for viewers); officers
 * below the minimum sample are not listed, only counted in the note. One page
 * of officers at a time, with a search by name or code once they outgrow a
 * page (issue 18, ADR 061); everything in the URL (`oq`, `opage`), so it works
 * without JavaScript. Links to the XLSX and PDF with the officers' annex, which
 * hold every officer.
 */
import { RatesTable, reportHref } from "~/components/report-tables";
import type { RateGroup } from "~/domain/rates";
import { useT } from "~/i18n/react";
import { PagedTablePager, PagedTableSearch, PagedTableShowing, type PagedTableView } from "./table-paging";

export interface OfficerPage extends PagedTableView {
  groups: readonly RateGroup[];
  total: RateGroup;
  hidden: number;
}

export function OfficerSection({
  officers,
  minSample,
  linkParams,
  kept,
}: {
  officers: OfficerPage;
  minSample: number;
  linkParams: Record<string, string>;
  /** The rest of the dashboard's state in the URL (the unit table's sort, search and page), kept by this section's links. */
  kept: Record<string, string>;
}) {
  const { t } = useT();
  const query = (format: string) => new URLSearchParams({ ...linkParams, format, by: "officer" }).toString();
  const base = { ...linkParams, ...kept };
  const searched = officers.search ? { ...base, oq: officers.search } : base;
  const pageHref = (page: number) =>
    `${reportHref(searched, { opage: page > 1 ? String(page) : null })}#officers-title`;
  return (
    <section aria-labelledby="officers-title" className="officer-section">
      <h2 id="officers-title">{t("reports:officers.title")}</h2>
      <p>{t("reports:officers.intro")}</p>
      {officers.searchable ? (
        <PagedTableSearch
          ns="reports:officers"
          anchor="officers-title"
          inputId="officer-search"
          param="oq"
          hidden={base}
          clearHref={`${reportHref(base)}#officers-title`}
          search={officers.search}
        />
      ) : null}
      <PagedTableShowing ns="reports:officers" view={officers} shown={officers.groups.length} />
      {officers.groups.length === 0 ? (
        <p className="empty">
          {officers.search
            ? t("reports:officers.no_match", { search: officers.search })
            : t("reports:officers.none", { minSample })}
        </p>
      ) : (
        <>
          <RatesTable
            caption={t("reports:officers.table")}
            firstColumn={t("reports:columns.officer")}
            groups={officers.groups}
            total={officers.total}
          />
          <PagedTablePager ns="reports:officers" view={officers} pageHref={pageHref} />
        </>
      )}
      {officers.hidden > 0 ? (
        <p className="note">{t("reports:officers.hidden", { count: officers.hidden, minSample })}</p>
      ) : null}
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
