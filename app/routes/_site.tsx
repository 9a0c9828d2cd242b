import { Link, NavLink, Outlet, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { SECTIONS } from "~/components/sections";
import { useT } from "~/i18n/react";
import { ErrorMessage } from "~/components/error-message";
import type { loader as rootLoader } from "~/root";

/** The pages for officials and visitors: a header with sections, sign-in and language. */
function Chrome({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const user = root?.user ?? null;
  const { t, lang } = useT();
  const other = lang === "vi" ? "en" : "vi";
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip_to_content")}
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          {t("app.name")}
        </Link>
        <nav aria-label={t("nav.main")}>
          <ul>
            {user
              ? SECTIONS.filter((s) => s.roles.includes(user.role)).map((s) => (
                  <li key={s.to}>
                    <NavLink to={s.to} end={s.to === "/admin"}>
                      {t(s.label)}
                    </NavLink>
                    {s.to === "/admin/cases" && root?.cases && root.cases.open > 0 ? (
                      <span className="case-badge">
                        {" "}
                        ({t("nav.cases_open", { count: root.cases.open })}
                        {root.cases.overdue > 0 ? (
                          <>
                            {", "}
                            <span className="overdue">{t("nav.cases_overdue", { count: root.cases.overdue })}</span>
                          </>
                        ) : null}
                        )
                      </span>
                    ) : null}
                  </li>
                ))
              : null}
            <li>
              <Link to="/kiosk" reloadDocument>
                {t("nav.kiosk")}
              </Link>
            </li>
            <li>
              <Link to={`?lng=${other}`} hrefLang={other} lang={other} reloadDocument>
                {t(`language.${other}`)}
              </Link>
            </li>
            <li>
              {user ? (
                <form method="post" action="/logout">
                  <button type="submit" className="link-button">
                    {t("nav.logout")} ({user.username})
                  </button>
                </form>
              ) : (
                <Link to="/login">{t("nav.login")}</Link>
              )}
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" className="site-main">
        {children}
      </main>
    </>
  );
}

export default function SiteLayout() {
  return (
    <Chrome>
      <Outlet />
    </Chrome>
  );
}

export function ErrorBoundary() {
  return (
    <Chrome>
      <ErrorMessage />
    </Chrome>
  );
}
