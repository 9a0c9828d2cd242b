import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction, data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { RateCard } from "~/components/rate-card";
import { TrendChart, UnitBarChart } from "~/components/report-charts";
import { HeatMapTable, RatesTable, UnitsTable, reportHref } from "~/components/report-tables";
import { formatDate, formatDateTime, formatNumber, formatPercent } from "~/domain/format";
import { requireUser } from "~/auth/session.server";
import { pageLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { loadDashboard } from "~/reports/dashboard.server";
import type { DashboardReport } from "~/reports/dashboard.server";
import reportStyles from "~/styles/reports.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];
export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "reports") }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.app, request);
  const { status, ...body } = await loadDashboard(context.app, user, new URL(request.url), await pageLanguage(request));
  return data(body, { status });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function PeriodForms({ data }: { data: LoaderData }) {
  const { t } = useT();
  const { form, errors, shortcuts } = data;
  const current = data.report?.period;
  const unit = data.report ? data.report.linkParams.unit ?? "" : form.unit;
  const kinds = ["month", "quarter", "half", "year"] as const;
  return (
    <div className="period-forms">
      <Form method="get" className="period-form" aria-labelledby="period-shortcut-title">
        <h2 id="period-shortcut-title" className="form-title">
          {t("reports:form.shortcut_title")}
        </h2>
        {unit ? <input type="hidden" name="unit" value={unit} /> : null}
        <label>
          <span>{t("reports:form.period")}</span>
          <select
            name="period"
            defaultValue={current?.code ?? form.period}
            aria-invalid={errors.period ? true : undefined}
            aria-describedby={errors.period ? "period-error" : undefined}
          >
            {current && !current.code ? <option value="">{current.label}</option> : null}
            {kinds.map((kind) => (
              <optgroup key={kind} label={t(`reports:form.kinds.${kind}`)}>
                {shortcuts[kind].map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        {errors.period ? (
          <p id="period-error" className="field-error">
            {errors.period}
          </p>
        ) : null}
        <button type="submit" className="button">
          {t("reports:form.show")}
        </button>
      </Form>
      <Form method="get" className="period-form" aria-labelledby="period-range-title">
        <h2 id="period-range-title" className="form-title">
          {t("reports:form.range_title")}
        </h2>
        {unit ? <input type="hidden" name="unit" value={unit} /> : null}
        {(["from", "to"] as const).map((field) => (
          <label key={field}>
            <span>{t(`reports:form.${field}`)}</span>
            <input
              type="date"
              name={field}
              defaultValue={form[field] || (current ? current[field] : "")}
              aria-invalid={errors[field] ? true : undefined}
              aria-describedby={errors[field] ? `${field}-error` : undefined}
            />
            {errors[field] ? (
              <span id={`${field}-error`} className="field-error">
                {errors[field]}
              </span>
            ) : null}
          </label>
        ))}
        <button type="submit" className="button">
          {t("reports:form.show")}
        </button>
      </Form>
      {errors.unit ? (
        <p className="form-error" role="alert">
          {errors.unit}
        </p>
      ) : null}
    </div>
  );
}

function Downloads({ report }: { report: DashboardReport }) {
  const { t } = useT();
  const query = (extra: Record<string, string>) => new URLSearchParams({ ...report.linkParams, ...extra }).toString();
  return (
    <section className="downloads" aria-labelledby="downloads-title">
      <h2 id="downloads-title">{t("reports:downloads.title")}</h2>
      <ul>
        <li>
          <a href={`/reports/download?${query({ format: "xlsx" })}`} className="button primary" download>
            {t("reports:downloads.xlsx")}
          </a>
        </li>
        <li>
          <a href={`/reports/download?${query({ format: "pdf" })}`} className="button" download>
            {t("reports:downloads.pdf")}
          </a>
        </li>
        <li>
          <a href={`/reports/download?${query({ format: "csv", by: "unit" })}`} className="button" download>
            {t("reports:downloads.csv")}
          </a>
        </li>
        <li>
          <a href={`/api/v1/reports/rates?${query({ by: "unit" })}`} className="button">
            {t("reports:downloads.json")}
          </a>
        </li>
      </ul>
    </section>
  );
}

function Summary({ report }: { report: DashboardReport }) {
  const { t, lang } = useT();
  const { targets, total } = report;
  const { counts, rates } = total;
  const year = report.period.to.slice(0, 4);
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">{t("reports:summary.title")}</h2>
      <p className="period-count">
        {t("reports:summary.responses", { count: formatNumber(counts.total, lang) })}
        {counts.suspect > 0 ? (
          <> · {t("rates.suspect_excluded", { count: formatNumber(counts.suspect, lang) })}</>
        ) : null}
      </p>
      <div className="rate-cards four">
        <RateCard kind="satisfaction" rate={rates.satisfaction} targets={targets} />
        <RateCard kind="harassment" rate={rates.harassment} targets={targets} />
        <RateCard kind="dissatisfaction" rate={rates.dissatisfaction} targets={targets} />
        <RateCard kind="onTime" rate={rates.onTime} targets={targets} />
      </div>
      <div className="table-wrap">
        <table className="baselines">
          <caption>{t("reports:baselines.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("reports:baselines.figure")}</th>
              {report.baselines.map((b) => (
                <th scope="col" className="num" key={b.year}>
                  {t("reports:baselines.year", { year: b.year })}
                </th>
              ))}
              <th scope="col" className="num">
                {t("reports:baselines.target", { year })}
              </th>
              <th scope="col" className="num">
                {t("reports:baselines.this_period")}
              </th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                ["satisfaction", "rates.satisfaction", "above"],
                ["harassment", "rates.harassment", "below"],
                ["onTime", "rates.on_time", "at_least"],
              ] as const
            ).map(([kind, label, comparison]) => (
              <tr key={kind}>
                <th scope="row">{t(label)}</th>
                {report.baselines.map((b) => (
                  <td className="num" key={b.year}>
                    {formatPercent(b[kind], lang)}
                  </td>
                ))}
                <td className="num">
                  {t(`reports:baselines.${comparison}`, { target: formatPercent(targets[kind], lang) })}
                </td>
                <td className="num">{formatPercent(rates[kind].rate, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Trend({ report }: { report: DashboardReport }) {
  const { t, lang } = useT();
  const { targets, months } = report;
  const points = (kind: "satisfaction" | "harassment") =>
    months.map((m) => ({
      key: m.key,
      label: m.key.slice(5, 7) + "/" + m.key.slice(0, 4),
      n: m.counts.total,
      ...m.rates[kind],
    }));
  const describe = (kind: "satisfaction" | "harassment") =>
    months
      .map((m) => `${m.label}: ${formatPercent(m.rates[kind].rate, lang)} (${formatNumber(m.counts.total, lang)})`)
      .join("; ");
  return (
    <section aria-labelledby="trend-title">
      <h2 id="trend-title">{t("reports:trend.title")}</h2>
      <div className="charts-pair">
        <TrendChart
          id="trend-satisfaction"
          title={t("reports:trend.satisfaction")}
          description={describe("satisfaction")}
          points={points("satisfaction")}
          target={targets.satisfaction}
          targetLabel={t("reports:chart.target_above", { target: formatPercent(targets.satisfaction, lang) })}
          variant="satisfaction"
        />
        <TrendChart
          id="trend-harassment"
          title={t("reports:trend.harassment")}
          description={describe("harassment")}
          points={points("harassment")}
          target={targets.harassment}
          targetLabel={t("reports:chart.target_below", { target: formatPercent(targets.harassment, lang) })}
          variant="harassment"
        />
      </div>
      <RatesTable
        caption={t("reports:trend.table")}
        firstColumn={t("reports:columns.month")}
        groups={months}
        total={report.total}
      />
    </section>
  );
}

function Units({ report }: { report: DashboardReport }) {
  const { t, lang } = useT();
  const { units, targets } = report;
  const title = units.childrenAreDesks ? t("reports:units.title_desks") : t("reports:units.title");
  return (
    <section aria-labelledby="units-title">
      <h2 id="units-title">{title}</h2>
      {units.groups.length === 0 ? (
        <p>{t("reports:units.none")}</p>
      ) : (
        <>
          <UnitBarChart
            id="units-chart"
            title={t("reports:units.chart")}
            description={units.groups
              .map((g) => `${g.label}: ${formatPercent(g.rates.satisfaction.rate, lang)}`)
              .join("; ")}
            bars={units.groups.map((g) => ({
              key: `${g.kind}:${g.key}`,
              label: g.label,
              n: g.counts.total,
              ...g.rates.satisfaction,
            }))}
            target={targets.satisfaction}
            targetLabel={t("reports:chart.target_above", { target: formatPercent(targets.satisfaction, lang) })}
          />
          <UnitsTable
            caption={t("reports:units.table")}
            groups={units.groups}
            total={report.total}
            params={report.linkParams}
            sort={units.sort}
            descending={units.descending}
          />
          <p className="note">{t("reports:units.rank_note")}</p>
        </>
      )}
    </section>
  );
}

function Comments({ report }: { report: DashboardReport }) {
  const { t, lang } = useT();
  const { comments } = report;
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">{t("reports:comments.title")}</h2>
      <p className="note">{t("reports:comments.note")}</p>
      {comments.items.length === 0 ? (
        <p>{t("reports:comments.none")}</p>
      ) : (
        <ol className="comments">
          {comments.items.map((c) => (
            <li key={c.id}>
              <p className="comment-meta">
                <time dateTime={c.at}>{formatDateTime(c.at, lang)}</time> · {c.unit} · {c.desk}
                {c.field ? <> · {c.field}</> : null}
              </p>
              <blockquote lang={c.language}>{c.text}</blockquote>
              {c.reasons.length > 0 ? (
                <p className="comment-reasons">
                  {t("reports:comments.reasons")}: {c.reasons.map((r) => t(`reasons.${r}`)).join("; ")}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {comments.next ? (
        <p>
          <Link to={`${reportHref(report.linkParams, { after: comments.next })}#comments-title`}>
            {t("reports:comments.older")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

export default function ReportsRoute() {
  const data = useLoaderData<typeof loader>();
  const { t } = useT();
  const report = data.report;
  return (
    <div className="reports">
      <h1>{t("reports:title")}</h1>
      {report ? (
        <>
          <nav aria-label={t("reports:crumbs")} className="crumbs">
            <ol>
              {report.scope.ancestors.map((a) => (
                <li key={a.code}>
                  <Link to={reportHref(report.linkParams, { unit: a.code })}>{a.name}</Link>
                </li>
              ))}
              <li aria-current="page">{report.scope.name}</li>
            </ol>
          </nav>
          <p className="report-heading">
            {t("reports:heading", {
              scope: report.scope.name,
              period: report.period.label,
              from: formatDate(report.period.from),
              to: formatDate(report.period.to),
            })}
          </p>
        </>
      ) : null}
      <PeriodForms data={data} />
      {report ? (
        <>
          <Downloads report={report} />
          <Summary report={report} />
          <section aria-labelledby="levels-title">
            <h2 id="levels-title">{t("reports:levels.title")}</h2>
            <RatesTable
              caption={t("reports:levels.table")}
              firstColumn={t("reports:columns.level")}
              groups={report.levels}
              total={report.total}
              totalLabel={t("levels.all")}
            />
          </section>
          <Trend report={report} />
          <Units report={report} />
          <section aria-labelledby="fields-title">
            <h2 id="fields-title">{t("reports:fields.title")}</h2>
            <RatesTable
              caption={t("reports:fields.table")}
              firstColumn={t("reports:columns.field")}
              groups={report.fields}
              total={report.total}
            />
          </section>
          <section aria-labelledby="heat-title">
            <h2 id="heat-title">{t("reports:heat.title")}</h2>
            <HeatMapTable grid={report.heat} caption={t("reports:heat.table")} />
          </section>
          <Comments report={report} />
          <p className="note">{t("reports:rates_note", { minSample: report.targets.minSample })}</p>
        </>
      ) : null}
    </div>
  );
}
