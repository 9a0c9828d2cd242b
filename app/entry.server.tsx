import { PassThrough } from "node:stream";
import {
  type AppLoadContext,
  type EntryContext,
  type HandleErrorFunction,
  createReadableStreamFromReadable,
} from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { pageLanguage } from "./i18n/i18n.server";
import type { Language } from "./i18n/languages";
import { RootlessI18nContext } from "./i18n/react";
import { bundlesFor } from "./i18n/resources.server";
import type { Bundles } from "./i18n/translate";
import type { RouteHandle } from "./root";
import { pageCache, pageKey } from "./page-cache.server";
import { NonceContext } from "./utils/nonce";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext
) {
  const nonce = loadContext.nonce;
  // An error Remix raised before the root loader ran (a post to a page without a form): the error page
  // still speaks the request's language.
  let rootless: { lang: Language; bundles: Bundles } | null = null;
  if (remixContext.staticHandlerContext.loaderData.root == null) {
    const lang = await pageLanguage(request);
    rootless = { lang, bundles: bundlesFor(lang, ["common"]) };
  }
  const kept = responseStatusCode === 200 ? cacheablePage(request, remixContext) : null;
  if (kept) {
    // Server-only and without suspense: rendered whole, then kept for the front handler.
    const html = `<!DOCTYPE html>${renderToString(<RemixServer context={remixContext} url={request.url} />)}`;
    pageCache(loadContext.app).set(kept.key, html);
    responseHeaders.set("Content-Type", "text/html; charset=utf-8");
    return new Response(html, { headers: responseHeaders, status: responseStatusCode });
  }
  // Bots and no-JS clients get the whole document at once; browsers as soon as the shell is ready.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    let earlyError: unknown = null;
    const log = (error: unknown) =>
      loadContext.app.log.error({ err: error, path: new URL(request.url).pathname }, "render failed");
    const respond = () => {
      shellRendered = true;
      if (earlyError !== null) log(earlyError);
      const body = new PassThrough();
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      resolve(
        new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode })
      );
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RootlessI18nContext.Provider value={rootless}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </RootlessI18nContext.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        onShellReady() {
          // The limit is for deferred data still streaming after the shell, not for drawing the page: counted
          // from the start, a busy server aborted a slow but sound render and answered 500.
          setTimeout(abort, ABORT_DELAY + 1000).unref();
          if (!waitForAll) respond();
        },
        onAllReady() {
          if (waitForAll) respond();
        },
        onShellError(error: unknown) {
          // Remix renders its error page and logs the error (handleError).
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Before the shell, the error is logged once the page is answered (a shell error goes to Remix instead).
          if (shellRendered) log(error);
          else earlyError ??= error;
        },
      }
    );
  });
}

/**
 * Failures in loaders, actions and rendering: to the log, never to the client
 * (app/http.server.ts runs Remix in production mode whatever the build, so
 * what it serializes carries no message or stack). A refusal Remix makes
 * itself (405 for a post to a page without a form) is not a failure.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  const path = new URL(request.url).pathname;
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) {
    context.app.log.info({ status: error.status, method: request.method, path }, "request refused");
    return;
  }
  context.app.log.error({ err: error, method: request.method, path }, "request failed");
};

/** A page whose route says its HTML is a function of its loaders' data (RouteHandle.cachePage): its cache key. */
function cacheablePage(request: Request, remixContext: EntryContext): { key: string } | null {
  const { matches, loaderData, errors } = remixContext.staticHandlerContext;
  const leaf = matches[matches.length - 1];
  const handle = remixContext.routeModules[leaf.route.id]?.handle as RouteHandle | undefined;
  if (!handle?.cachePage || errors) return null;
  const search = new URL(request.url).search;
  return {
    key: pageKey(
      leaf.route.id,
      search,
      matches.map((m) => loaderData[m.route.id])
    ),
  };
}
