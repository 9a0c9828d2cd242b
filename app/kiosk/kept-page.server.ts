/**
 * GET /kiosk from the page cache: runs the page's loaders (root and kiosk) —
 * the tablet is authenticated and the desk, fields and questionnaire read
 * fresh on every request — and, when a page was already rendered from exactly
 * this data, sends it without going through Remix and React. Anything else
 * (an unpaired or revoked tablet, a language switch, a first render) goes on
 * to Remix, which renders and keeps the page (app/entry.server.tsx).
 */
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import type { AppContext } from "~/context.server";
import { loadRoot } from "~/root.server";
import { gzipped, pageCache, pageKey } from "~/utils/page-cache.server";
import { loadKiosk } from "./kiosk.server";

const KIOSK_ROUTE_ID = "routes/kiosk._index";
/** Query strings the kept page may answer: none, or the thank-you page after a no-JavaScript send. */
const KEPT_SEARCH = /^(\?done=(vi|en))?$/;

function webRequest(req: ExpressRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return new Request(`${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`, { headers });
}

export function keptKioskPage(app: AppContext) {
  return async function sendKeptKioskPage(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
    const search = req.originalUrl.slice(req.path.length);
    if (req.path !== "/kiosk" || !KEPT_SEARCH.test(search)) return next();
    try {
      const request = webRequest(req);
      const root = await loadRoot(app, request);
      // A header from the root loader (a remembered language) is Remix's to merge.
      if ([...root.headers.keys()].length > 0) return next();
      const kiosk = await loadKiosk(app, request);
      const page = pageCache(app).get(pageKey(KIOSK_ROUTE_ID, search, [root.body, kiosk.body]));
      if (!page) return next();
      kiosk.headers.forEach((value, name) => res.append(name, value));
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.setHeader("Vary", "Accept-Encoding");
      if (req.acceptsEncodings("gzip") === "gzip") {
        res.setHeader("Content-Encoding", "gzip");
        res.end(gzipped(page));
      } else {
        res.end(page.html);
      }
    } catch {
      // A redirect to pairing, or a failure: Remix answers it the usual way.
      next();
    }
  };
}
