import { type LinksFunction, type LoaderFunctionArgs, data } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  UNSAFE_RemixContext,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import { type ReactNode, useContext } from "react";
import { I18nProvider, RootlessI18nContext } from "./i18n/react";
import type { Bundles } from "./i18n/translate";
import { ErrorMessage } from "./components/error-message";
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

export interface RouteHandle {
  /**
   * A page that works as a plain document: the browser loads only this route's
   * own module (its top-level code runs there), not Remix and React. Used by
   * the kiosk, whose JavaScript budget is tight.
   */
  standalone?: boolean;
  /**
   * false: the page is sent as a document only, without Remix's scripts and
   * the copy of its loaders' data they hydrate from. For a page with nothing
   * to do in the browser (every control is a link or a plain form), whose
   * data is large: the reports (ADR 064).
   */
  hydrate?: false;
  /**
   * The page's HTML is a function of its loaders' data alone (no nonce, no
   * per-request state), so it is rendered once per distinct data and kept
   * (app/utils/page-cache.server.ts). Only standalone pages qualify: Remix's
   * inline scripts carry the response's nonce.
   */
  cachePage?: boolean;
}

/**
 * The module of a standalone route, as a plain module script. It needs no
 * nonce: CSP's 'self' allows it, and without one the page's HTML is the same
 * for every request, so it can be kept (RouteHandle.cachePage).
 */
function StandaloneScript({ routeId }: { routeId: string }) {
  const remix = useContext(UNSAFE_RemixContext);
  const src = remix?.manifest.routes[routeId]?.module;
  return src ? <script type="module" src={src} /> : null;
}

/**
 * The document only. The officials' header lives in routes/_site.tsx so that
 * the kiosk, whose JavaScript budget is tight, does not load it.
 */
export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const rootless = useContext(RootlessI18nContext);
  const nonce = useNonce();
  const matches = useMatches();
  const lang = root?.lang ?? rootless?.lang ?? "vi";
  const leaf = matches[matches.length - 1];
  const standalone = (leaf?.handle as RouteHandle | undefined)?.standalone === true;
  // Bundles from every matched route's loader (`i18n` key), for the page's language.
  const bundles: Bundles = { ...(root?.i18n ?? rootless?.bundles ?? {}) };
  for (const m of matches) Object.assign(bundles, (m.data as { i18n?: Bundles } | undefined)?.i18n);
  // An error page made without the root loader's data stays as the server wrote it: the browser would
  // not have the translations to hydrate it with.
  const hydrate =
    (root != null || rootless === null) &&
    !matches.some((m) => (m.handle as RouteHandle | undefined)?.hydrate === false);
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nProvider lang={lang} bundles={bundles}>
          {children}
        </I18nProvider>
        {!hydrate ? null : standalone ? (
          <StandaloneScript routeId={leaf.id} />
        ) : (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        )}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return (
    <main id="main" className="site-main">
      <ErrorMessage />
    </main>
  );
}
