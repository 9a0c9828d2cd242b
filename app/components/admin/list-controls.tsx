/**
 * The list pages' controls (issue 18, ADR 058): one GET form — search, the
 * unit picker (a text field the server searches by code or name: several
 * matches come back as links to choose from), the list's own filters, sort,
 * direction and page size — then the count, the CSV download of the same
 * filter and the pager. Everything is in the URL and works without JavaScript.
 */
import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { ListView, UnitPicker } from "~/admin/list-query.server";
import { useT } from "~/i18n/react";
import { formatNumber } from "~/utils/format";

/** The current URL's parameters with some replaced (null removes one); a new filter starts at page 1. */
export function useListHref() {
  const location = useLocation();
  return (changes: Record<string, string | null>, path = location.pathname) => {
    const params = new URLSearchParams(location.search);
    params.delete("notice");
    params.delete("count");
    // «Select all on the page» (the suspects review) holds for that page only.
    params.delete("select");
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) params.delete(key);
      else params.set(key, value);
    }
    const search = params.toString();
    return search ? `${path}?${search}` : path;
  };
}

/** A select of the list's own choice filter, with «all» first. */
export function ChoiceFilter({
  id,
  name,
  label,
  value,
  options,
}: {
  id: string;
  name: string;
  label: string;
  value: string | undefined;
  options: readonly { value: string; label: string }[];
}) {
  const { t } = useT();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ""}>
        <option value="">{t("admin:all")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A date of the list's own filter (a period's first or last day), empty for none. */
export function DateFilter({ id, name, label, value }: { id: string; name: string; label: string; value: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} type="date" defaultValue={value} />
    </div>
  );
}

/**
 * The unit picker's text field (and the chosen unit's id): part of a list's
 * GET form. The server searches what is typed by code or name (ADR 058).
 */
export function UnitPickerField({ id, picker }: { id: string; picker: UnitPicker }) {
  const { t } = useT();
  return (
    <div className="field">
      <label htmlFor={`${id}-unitq`}>{t("admin:lists.unit")}</label>
      <input
        id={`${id}-unitq`}
        name="unitq"
        type="search"
        defaultValue={picker.text}
        maxLength={100}
        aria-describedby={`${id}-unitq-hint`}
        autoComplete="off"
      />
      <span id={`${id}-unitq-hint`} className="field-hint">
        {t("admin:lists.unit_hint")}
      </span>
      {picker.chosen ? <input type="hidden" name="unit" value={picker.chosen.id} /> : null}
    </div>
  );
}

/** The units a picker's search matched, as links to choose from, or that none did; after the form. */
export function UnitPickerChoices({ id, picker }: { id: string; picker: UnitPicker }) {
  const { t } = useT();
  const href = useListHref();
  return (
    <>
      {picker.choices.length > 0 ? (
        <section className="panel unit-choices" aria-labelledby={`${id}-choices`}>
          <h2 id={`${id}-choices`}>{t("admin:lists.unit_choices", { text: picker.text })}</h2>
          <ul>
            {picker.choices.map((u) => (
              <li key={u.id}>
                <Link to={href({ unit: String(u.id), unitq: null, page: null })}>
                  <span className="code">{u.code}</span> {u.name}
                </Link>{" "}
                <span className="tag">{t(`levels.${u.level}`)}</span>
              </li>
            ))}
          </ul>
          {picker.moreChoices ? <p className="field-hint">{t("admin:lists.unit_more")}</p> : null}
        </section>
      ) : null}
      {picker.noMatch ? (
        <p className="form-error" role="alert">
          {t("admin:lists.unit_none", { text: picker.text })}
        </p>
      ) : null}
    </>
  );
}

export function ListControls<S extends string>({
  id,
  label,
  view,
  picker,
  sortLabel,
  exportPath,
  searchHint,
  children,
}: {
  /** Prefix of the controls' element ids. */
  id: string;
  /** Accessible name of the filter form. */
  label: string;
  view: ListView<S>;
  picker: UnitPicker;
  sortLabel: (sort: S) => string;
  /** Where the CSV of the same filter downloads from. */
  exportPath: string;
  searchHint: string;
  /** The list's own filters. */
  children?: ReactNode;
}) {
  const { t, lang } = useT();
  const href = useListHref();
  const location = useLocation();
  return (
    <>
      <Form method="get" className="admin-form grid filters" role="search" aria-label={label} key={location.search}>
        <div className="field">
          <label htmlFor={`${id}-q`}>{t("admin:lists.search")}</label>
          <input
            id={`${id}-q`}
            name="q"
            type="search"
            defaultValue={view.q}
            maxLength={100}
            aria-describedby={`${id}-q-hint`}
            autoComplete="off"
          />
          <span id={`${id}-q-hint`} className="field-hint">
            {searchHint}
          </span>
        </div>
        <UnitPickerField id={id} picker={picker} />
        {children}
        <div className="field">
          <label htmlFor={`${id}-sort`}>{t("admin:lists.sort")}</label>
          <select id={`${id}-sort`} name="sort" defaultValue={view.sort}>
            {view.sorts.map((s) => (
              <option key={s} value={s}>
                {sortLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-dir`}>{t("admin:lists.dir")}</label>
          <select id={`${id}-dir`} name="dir" defaultValue={view.dir}>
            <option value="asc">{t("admin:lists.asc")}</option>
            <option value="desc">{t("admin:lists.desc")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-size`}>{t("admin:lists.size")}</label>
          <select id={`${id}-size`} name="size" defaultValue={String(view.size)}>
            {view.sizes.map((n) => (
              <option key={n} value={n}>
                {formatNumber(n, lang)}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-buttons">
          <button type="submit" className="button primary">
            {t("admin:lists.apply")}
          </button>{" "}
          <Link to={location.pathname} className="button">
            {t("admin:lists.clear")}
          </Link>
        </div>
      </Form>
      <UnitPickerChoices id={id} picker={picker} />
      <p className="list-summary" role="status">
        {t("admin:lists.found", { n: formatNumber(view.total, lang) })}
        {picker.chosen ? ` ${t("admin:lists.in_unit", { unit: `${picker.chosen.code} · ${picker.chosen.name}` })}` : ""}
        {view.total > 0 ? (
          <>
            {" · "}
            <a href={href({ page: null, size: null }, exportPath)} download>
              {t("admin:lists.csv")}
            </a>
          </>
        ) : null}
      </p>
    </>
  );
}

/** Previous / next and «page x of y», as links. */
export function Pager({ view }: { view: Pick<ListView<string>, "page" | "pages"> }) {
  const { t, lang } = useT();
  const href = useListHref();
  if (view.pages <= 1 && view.page <= 1) return null;
  return (
    <nav className="pager" aria-label={t("admin:lists.pages")}>
      {view.page > 1 ? (
        <Link to={href({ page: String(Math.min(view.page - 1, view.pages)) })} rel="prev">
          {t("admin:lists.previous")}
        </Link>
      ) : null}
      <span>
        {t("admin:lists.page_of", { page: formatNumber(view.page, lang), pages: formatNumber(view.pages, lang) })}
      </span>
      {view.page < view.pages ? (
        <Link to={href({ page: String(view.page + 1) })} rel="next">
          {t("admin:lists.next")}
        </Link>
      ) : null}
    </nav>
  );
}
