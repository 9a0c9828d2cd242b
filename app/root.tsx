import { type LinksFunction, type LoaderFunctionArgs, data } from "@remix-run/node";
import {
  Link,
  NavLink,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { SECTIONS } from "./components/sections";
import { I18nProvider, useT } from "./i18n/react";
import type { Bundles } from "./i18n/translate";
import { loadRoot } from "./root.server";
import appStyles from "./styles/app.css";
import { useNonce } from "./utils/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { body, headers } = await loadRoot(context.app, request);
  return data(body, { headers });
}

export type RootData = Awaited<ReturnType<typeof loadRoot>>["body"];

/** Routes that fill the whole screen (the kiosk) set `handle: { bare: true }`. */
function useBare(): boolean {
  return useMatches().some((m) => (m.handle as { bare?: boolean } | undefined)?.bare);
}

/** Bundles from every matched route's loader (`i18n` key), merged for the current language. */
function useRouteBundles(root: RootData | undefined): Bundles {
  const matches = useMatches();
  const bundles: Bundles = { ...(root?.i18n ?? {}) };
  for (const m of matches) Object.assign(bundles, (m.data as { i18n?: Bundles } | undefined)?.i18n);
  return bundles;
}

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const lang = root?.lang ?? "vi";
  const bundles = useRouteBundles(root);
  const bare = useBare();
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className={bare ? "bare" : undefined}>
        <I18nProvider lang={lang} bundles={bundles}>
          {bare ? (
            <main id="main" className="bare-main">
              {children}
            </main>
          ) : (
            <Chrome user={root?.user ?? null}>{children}</Chrome>
          )}
        </I18nProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Chrome({ user, children }: { user: RootData["user"]; children: ReactNode }) {
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
        <nav aria-label={t("nav.home")}>
          <ul>
            {user
              ? SECTIONS.filter((s) => s.roles.includes(user.role)).map((s) => (
                  <li key={s.to}>
                    <NavLink to={s.to} end={s.to === "/admin"}>
                      {t(s.label)}
                    </NavLink>
                  </li>
                ))
              : null}
            <li>
              <Link to="/kiosk">{t("nav.kiosk")}</Link>
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

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 404 ? t("errors.not_found") : status === 403 ? t("errors.forbidden") : t("errors.server");
  return (
    <section className="error-page">
      <h1>{t("errors.title")}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">{t("errors.back_home")}</Link>
      </p>
    </section>
  );
}
