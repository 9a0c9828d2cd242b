import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DEFAULT_TARGETS } from "~/domain/rates";
import { formatPercent } from "~/utils/format";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { pageLanguage } from "~/i18n/i18n.server";
import { bundlesFor } from "~/i18n/resources.server";
import { publicResultsEnabled } from "~/reports/public-results.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "home") }];

/** Whether the public results are on: the home page then links to them. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const publicResults = await publicResultsEnabled(context.app.db);
  return { publicResults, i18n: publicResults ? bundlesFor(await pageLanguage(request), ["public"]) : {} };
}

export default function Home() {
  const { t, lang } = useT();
  const { publicResults } = useLoaderData<typeof loader>();
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
        {publicResults ? (
          <section className="card">
            <h2>{t("public:home_title")}</h2>
            <p>{t("public:home_text")}</p>
            <a href="/cong-khai" className="button">
              {t("public:home_link")}
            </a>
          </section>
        ) : null}
      </div>
    </>
  );
}
