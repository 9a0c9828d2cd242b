/**
 * GET /cong-khai — the results the province publishes, without sign-in, when
 * an administrator turned them on (ADR 040); `?man-hinh=1` is the lobby
 * screen. A plain document without scripts (`standalone`, the view is a
 * `.server` module): its HTML is a function of its data, so caches and ETags
 * hold, and it works the same without JavaScript.
 */
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { loadPublicPage } from "~/reports/public-page.server";
import type { RouteHandle } from "~/root";
import publicStyles from "~/styles/public.css";

export { PublicResultsPage as default, PublicErrorPage as ErrorBoundary } from "~/components/public-results.server";

export const handle: RouteHandle = { standalone: true };

/** Reached by an in-app navigation: load it as a document instead. */
export function clientLoader({ request }: ClientLoaderFunctionArgs): Promise<never> {
  window.location.assign(request.url);
  return new Promise(() => {});
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: publicStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "HaiLong" },
  // The lobby screen moves on by itself, without JavaScript.
  ...(data?.lobby ? [{ httpEquiv: "refresh", content: `${data.lobbySeconds};url=${data.lobby.next}` }] : []),
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return loadPublicPage(context.app, request);
}

export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => errorHeaders ?? loaderHeaders;
