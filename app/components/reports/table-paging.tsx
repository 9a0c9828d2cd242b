/**
 * The search form, the «showing a–b of n» line and the pager of a dashboard
 * table shown one page at a time (units, officers; ADR 061). Plain links and a
 * GET form, so they work without JavaScript; each table names its translation
 * keys (`ns`), its URL parameter and the anchor its links return to.
 */
import { Link } from "@remix-run/react";
import { useT } from "~/i18n/react";
import type { PagedTableView } from "~/reports/report-model";
import { formatNumber } from "~/utils/format";

export type { PagedTableView };

type Namespace = "reports:units" | "reports:officers";

export function PagedTableSearch({
  ns,
  anchor,
  inputId,
  param,
  hidden,
  clearHref,
  search,
}: {
  ns: Namespace;
  anchor: string;
  inputId: string;
  /** The URL parameter holding the search. */
  param: string;
  /** The rest of the dashboard's state, sent along with the search. */
  hidden: Record<string, string>;
  clearHref: string;
  search: string;
}) {
  const { t } = useT();
  return (
    <form method="get" action={`/reports#${anchor}`} className="unit-search" role="search">
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label htmlFor={inputId}>{t(`${ns}.search`)}</label>{" "}
      <input id={inputId} type="search" name={param} defaultValue={search} maxLength={100} />{" "}
      <button type="submit">{t(`${ns}.search_submit`)}</button>
      {search ? (
        <>
          {" "}
          <Link to={clearHref}>{t(`${ns}.search_clear`)}</Link>
        </>
      ) : null}
    </form>
  );
}

export function PagedTableShowing({ ns, view, shown }: { ns: Namespace; view: PagedTableView; shown: number }) {
  const { t, lang } = useT();
  if (!view.searchable || view.matched === 0) return null;
  return (
    <p className="note" role="status">
      {t(`${ns}.showing`, {
        from: formatNumber(view.first, lang),
        to: formatNumber(view.first + shown - 1, lang),
        matched: formatNumber(view.matched, lang),
        all: formatNumber(view.all, lang),
      })}
    </p>
  );
}

export function PagedTablePager({
  ns,
  view,
  pageHref,
}: {
  ns: Namespace;
  view: PagedTableView;
  pageHref: (page: number) => string;
}) {
  const { t, lang } = useT();
  if (view.pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t(`${ns}.pages`)}>
      {view.page > 1 ? (
        <Link to={pageHref(view.page - 1)} rel="prev">
          {t(`${ns}.previous`)}
        </Link>
      ) : null}{" "}
      <span>{t(`${ns}.page_of`, { page: formatNumber(view.page, lang), pages: formatNumber(view.pages, lang) })}</span>{" "}
      {view.page < view.pages ? (
        <Link to={pageHref(view.page + 1)} rel="next">
          {t(`${ns}.next`)}
        </Link>
      ) : null}
    </nav>
  );
}
