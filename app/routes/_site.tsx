import { Link, NavLink, Outlet, useLocation, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { type Section, sectionIsCurrent, sectionMenus } from "~/components/sections";
import { useT } from "~/i18n/react";
import { ErrorMessage } from "~/components/error-message";
import type { loader as rootLoader } from "~/root";
import type { Role } from "~db/schema";

type CaseCounts = { open: number; overdue: number } | null;

/** The open and overdue cases next to their link, as the root loader counts them. */
function CaseBadge({ cases }: { cases: CaseCounts }) {
  const { t } = useT();
  if (!cases || cases.open === 0) return null;
  return (
    <span className="case-badge">
      {" "}
      ({t("nav.cases_open", { count: cases.open })}
      {cases.overdue > 0 ? (
        <>
          {", "}
          <span className="overdue">{t("nav.cases_overdue", { count: cases.overdue })}</span>
        </>
      ) : null}
      )
    </span>
  );
}

/**
 * The sections, grouped (ADR 057): each group a disclosure (<details>), which
 * opens by keyboard and without JavaScript and which screen readers announce
 * as expandable. Remounted on every navigation (the key), so a menu closes
 * once its link is followed.
 */
function SectionMenus({ role, cases }: { role: Role; cases: CaseCounts }) {
  const { t } = useT();
  const { pathname } = useLocation();
  const link = (s: Section) => (
    <li key={s.to}>
      <NavLink to={s.to} end={s.to === "/admin"} reloadDocument={s.document}>
        {t(s.label)}
      </NavLink>
    </li>
  );
  return (
    <>
      {sectionMenus(role).map((menu) => {
        const current = menu.sections.some((s) => sectionIsCurrent(s, pathname));
        const caseCount = menu.group === "cases" && cases && cases.open > 0;
        return (
          <li key={`${menu.group}:${pathname}`} className="nav-group">
            <details>
              <summary className={current ? "current" : undefined}>
                {t(`nav.group.${menu.group}`)}
                {current ? <span className="visually-hidden">{` (${t("nav.group_current")})`}</span> : null}
                {caseCount ? <CaseBadge cases={cases} /> : null}
              </summary>
              <ul>{menu.sections.map(link)}</ul>
            </details>
          </li>
        );
      })}
    </>
  );
}

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
          <ul className="nav-row">
            {user ? <SectionMenus role={user.role} cases={root?.cases ?? null} /> : null}
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
