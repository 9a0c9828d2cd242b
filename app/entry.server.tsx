import { PassThrough } from "node:stream";
import { type AppLoadContext, type EntryContext, createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import type { RouteHandle } from "./root";
import { pageCache, pageKey } from "./utils/page-cache.server";
import { NonceContext } from "./utils/nonce";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext
) {
  const nonce = loadContext.nonce;
  const kept = responseStatusCode === 200 ? cacheablePage(request, remixContext) : null;
  if (kept) {
    // Server-only and without suspense: rendered whole, then kept for the front handler.
    const html = `<!DOCTYPE html>${renderToString(<RemixServer context={remixContext} url={request.url} />)}`;
    pageCache(loadContext.app).set(kept.key, html);
    responseHeaders.set("Content-Type", "text/html; charset=utf-8");
    return new Response(html, { headers: responseHeaders, status: responseStatusCode });
  }
  // Bots and no-JS clients get the whole document at once; browsers as soon as the shell is ready.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            })
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      }
    );
    setTimeout(abort, ABORT_DELAY + 1000);
  });
}

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
