/**
 * The dashboard's section by receiving officer (issue 17, ADR 056): only for
 * managers and administrators (the loader leaves it out for viewers); officers
 * below the minimum sample are not listed, only counted in the note. One page
 * of officers at a time, with a search by name or code once they outgrow a
 * page (issue 18, ADR 061); everything in the URL (`oq`, `opage`), so it works
 * without JavaScript. Links to the XLSX and PDF with the officers' annex, which
 * hold every officer.
 */
import { Link } from "@remix-run/react";
import { RatesTable, reportHref } from "~/components/report-tables";
import type { RateGroup } from "~/domain/rates";
import { useT } from "~/i18n/react";
import { formatNumber } from "~/utils/format";

export interface OfficerPage {
  groups: readonly RateGroup[];
  total: RateGroup;
  hidden: number;
  search: string;
  matched: number;
  all: number;
  page: number;
  pages: number;
  first: number;
  searchable: boolean;
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
  const { t, lang } = useT();
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
        <form method="get" action="/reports#officers-title" className="unit-search" role="search">
          {Object.entries(base).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <label htmlFor="officer-search">{t("reports:officers.search")}</label>{" "}
          <input id="officer-search" type="search" name="oq" defaultValue={officers.search} maxLength={100} />{" "}
          <button type="submit">{t("reports:officers.search_submit")}</button>
          {officers.search ? (
            <>
              {" "}
              <Link to={`${reportHref(base)}#officers-title`}>{t("reports:officers.search_clear")}</Link>
            </>
          ) : null}
        </form>
      ) : null}
      {officers.searchable && officers.matched > 0 ? (
        <p className="note" role="status">
          {t("reports:officers.showing", {
            from: formatNumber(officers.first, lang),
            to: formatNumber(officers.first + officers.groups.length - 1, lang),
            matched: formatNumber(officers.matched, lang),
            all: formatNumber(officers.all, lang),
          })}
        </p>
      ) : null}
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
          {officers.pages > 1 ? (
            <nav className="pager" aria-label={t("reports:officers.pages")}>
              {officers.page > 1 ? (
                <Link to={pageHref(officers.page - 1)} rel="prev">
                  {t("reports:officers.previous")}
                </Link>
              ) : null}{" "}
              <span>
                {t("reports:officers.page_of", {
                  page: formatNumber(officers.page, lang),
                  pages: formatNumber(officers.pages, lang),
                })}
              </span>{" "}
              {officers.page < officers.pages ? (
                <Link to={pageHref(officers.page + 1)} rel="next">
                  {t("reports:officers.next")}
                </Link>
              ) : null}
            </nav>
          ) : null}
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
