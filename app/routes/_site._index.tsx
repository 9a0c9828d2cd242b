import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { DEFAULT_TARGETS } from "~/domain/rates";
import { formatPercent } from "~/utils/format";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "home") }];

export default function Home() {
  const { t, lang } = useT();
  return (
    <>
      <section className="hero">
        <h1>{t("app.tagline")}</h1>
        <p>{t("app.description")}</p>
        <p className="targets">
          {t("home.targets", {
            satisfaction: formatPercent(DEFAULT_TARGETS.satisfaction, lang, 0),
            harassment: formatPercent(DEFAULT_TARGETS.harassment, lang, 0),
          })}
        </p>
      </section>
      <div className="cards">
        <section className="card">
          <h2>{t("home.for_citizens")}</h2>
          <p>{t("home.for_citizens_text")}</p>
          <Link to="/kiosk" reloadDocument className="button primary">
            {t("home.open_kiosk")}
          </Link>
        </section>
        <section className="card">
          <h2>{t("home.for_officials")}</h2>
          <p>{t("home.for_officials_text")}</p>
          <Link to="/login" className="button">
            {t("nav.login")}
          </Link>
        </section>
      </div>
    </>
  );
}
