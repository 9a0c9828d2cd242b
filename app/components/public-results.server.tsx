/**
 * The public results page and its lobby screen, rendered on the server only
 * (hence `.server`: the page loads no script; see routes/cong-khai.ts).
 */
import { useLoaderData } from "@remix-run/react";
import { type PublicPageData, lobbyUnits } from "~/reports/public-page.server";
import type { PublicMonth, PublicRate } from "~/reports/public-results.server";
import { ErrorMessage } from "./error-message";
import { type T, useT } from "~/i18n/react";
import { formatNumber, formatPercent } from "~/utils/format";

type Lang = "vi" | "en";

/** "Tháng 3/2026": no leading zero in running text. */
function monthLabel(month: string, t: T): string {
  return t("public:month", { month: String(Number(month.slice(5, 7))), year: month.slice(0, 4) });
}

function percent(rate: number, lang: Lang): string {
  return formatPercent(rate, lang, 1);
}

/** "93,4%" and its interval, as text. */
function RateText({ rate }: { rate: PublicRate }) {
  const { t, lang } = useT();
  return (
    <>
      <strong>{percent(rate.rate, lang)}</strong>{" "}
      <span className="interval">
        {t("public:interval", { low: percent(rate.low, lang), high: percent(rate.high, lang) })}
      </span>
    </>
  );
}

function query(params: Record<string, string | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `/cong-khai?${s}` : "/cong-khai";
}

/** A month's table: the units at or above the minimum sample that month; how many are not, in a line below. */
function MonthTable({ index, data }: { index: 0 | 1; data: PublicPageData }) {
  const { t, lang } = useT();
  const month = data.results.months[index];
  const id = `month-${index}`;
  const units = data.results.units.filter((u) => u.months[index].sufficient);
  const minSample = formatNumber(data.results.minSample[index], lang);
  const leftOut = data.results.leftOut[index];
  return (
    <section aria-labelledby={id} className="public-month">
      <h2 id={id}>
        {monthLabel(month, t)} {index === 0 ? t("public:current_month") : t("public:previous_month")}
      </h2>
      <div className="table-scroll">
        <table className="public-table">
          <caption>
            {t("public:table_caption", {
              month: String(Number(month.slice(5, 7))),
              year: month.slice(0, 4),
              minSample,
            })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("public:unit")}</th>
              <th scope="col">{t("public:responses")}</th>
              <th scope="col">{t("public:satisfaction")}</th>
              <th scope="col">{t("public:decision766")}</th>
              <th scope="col">{t("public:harassment")}</th>
            </tr>
          </thead>
          <tbody>
            {units.map((u) => {
              const m = u.months[index];
              if (!m.sufficient) return null;
              return (
                <tr key={u.code} className={`depth-${Math.min(u.depth, 3)}`} data-unit={u.code}>
                  <th scope="row">{u.depth === 0 ? u.name : <a href={query({ "don-vi": u.code })}>{u.name}</a>}</th>
                  <td>{formatNumber(m.responses, lang)}</td>
                  <td>
                    <RateText rate={m.satisfaction} />
                  </td>
                  <td>
                    <RateText rate={m.decision766} />
                  </td>
                  <td>
                    <RateText rate={m.harassment} />
                  </td>
                </tr>
              );
            })}
            {units.length === 0 ? (
              <tr>
                <td colSpan={5} className="not-enough">
                  {t("public:none_enough", { minSample })}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {leftOut > 0 && units.length > 0 ? (
        <p className="left-out">{t("public:left_out", { count: leftOut, minSample })}</p>
      ) : null}
    </section>
  );
}

function Header() {
  const { t, lang } = useT();
  const data = useLoaderData<PublicPageData>();
  const other = lang === "vi" ? "en" : "vi";
  return (
    <header className="site-header">
      <a href="/" className="brand">
        {t("public:brand")}
      </a>
      <nav aria-label={t("public:nav")}>
        <ul>
          <li>
            <a href={query({ "don-vi": data?.unitCode ?? null, lng: other })} hrefLang={other} lang={other}>
              {t(`public:language_${other}`)}
            </a>
          </li>
        </ul>
      </nav>
    </header>
  );
}

function FullPage({ data }: { data: PublicPageData }) {
  const { t } = useT();
  const { results } = data;
  return (
    <>
      <a className="skip-link" href="#main">
        {t("public:skip")}
      </a>
      <Header />
      <main id="main" className="site-main public-page">
        <h1>{t("public:heading")}</h1>
        <p className="scope">{results.scope.name}</p>
        {data.unitCode ? (
          <p>
            <a href="/cong-khai">{t("public:whole_province")}</a>
          </p>
        ) : null}
        <p>{t("public:intro")}</p>
        <dl className="public-definitions">
          <dt>{t("public:satisfaction")}</dt>
          <dd>{t("public:satisfaction_means")}</dd>
          <dt>{t("public:decision766")}</dt>
          <dd>{t("public:decision766_means")}</dd>
          <dt>{t("public:harassment")}</dt>
          <dd>{t("public:harassment_means")}</dd>
          <dt>{t("public:interval_title")}</dt>
          <dd>{t("public:interval_means")}</dd>
        </dl>
        <MonthTable index={0} data={data} />
        <MonthTable index={1} data={data} />
        <p>
          <a href={query({ "man-hinh": "1", "don-vi": data.unitCode })}>{t("public:open_lobby")}</a>
        </p>
      </main>
    </>
  );
}

function LobbyFigure({ label, rate, big }: { label: string; rate: PublicRate; big?: boolean }) {
  const { t, lang } = useT();
  return (
    <div className={big ? "lobby-figure big" : "lobby-figure"}>
      <dt>{label}</dt>
      <dd>
        <span className="lobby-value">{percent(rate.rate, lang)}</span>
        <span className="lobby-interval">
          {t("public:interval", { low: percent(rate.low, lang), high: percent(rate.high, lang) })}
        </span>
      </dd>
    </div>
  );
}

function LobbyMonth({ month, data }: { month: PublicMonth; data: PublicPageData }) {
  const { t, lang } = useT();
  const current = month.month === data.results.months[0];
  return (
    <section className="lobby-month" aria-label={monthLabel(month.month, t)}>
      <h2>
        {monthLabel(month.month, t)}
        <span className="lobby-when">{current ? t("public:current_month") : t("public:previous_month")}</span>
      </h2>
      {month.sufficient ? (
        <>
          <dl>
            <LobbyFigure label={t("public:satisfaction")} rate={month.satisfaction} big />
            <LobbyFigure label={t("public:decision766")} rate={month.decision766} />
            <LobbyFigure label={t("public:harassment")} rate={month.harassment} />
          </dl>
          <p className="lobby-responses">
            {t("public:lobby_responses", { count: formatNumber(month.responses, lang) })}
          </p>
        </>
      ) : (
        <p className="lobby-not-enough">{t("public:not_enough")}</p>
      )}
    </section>
  );
}

function Lobby({ data }: { data: PublicPageData }) {
  const { t, lang } = useT();
  const lobby = data.lobby!;
  const unit = lobbyUnits(data.results)[lobby.index];
  return (
    <main id="main" className="lobby">
      <p className="lobby-title">{t("public:heading")}</p>
      <h1>{unit.name}</h1>
      <div className="lobby-months">
        <LobbyMonth month={unit.months[0]} data={data} />
        <LobbyMonth month={unit.months[1]} data={data} />
      </div>
      <p className="lobby-footer">
        <span>
          {t("public:lobby_page", {
            page: formatNumber(lobby.index + 1, lang),
            count: formatNumber(lobby.count, lang),
          })}
        </span>
        <a href={lobby.next}>{t("public:lobby_next")}</a>
      </p>
    </main>
  );
}

export function PublicResultsPage() {
  const data = useLoaderData<PublicPageData>();
  return data.lobby ? <Lobby data={data} /> : <FullPage data={data} />;
}

export function PublicErrorPage() {
  return (
    <main id="main" className="site-main">
      <ErrorMessage />
    </main>
  );
}
