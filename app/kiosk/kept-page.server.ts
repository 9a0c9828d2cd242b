/**
 * GET /kiosk from the page cache, in front of Express like the API: runs the
 * page's loaders (root and kiosk) — the tablet is authenticated and the desk,
 * fields and questionnaire read fresh on every request — and, when a page was
 * already rendered from exactly this data, sends it with the same security
 * headers, without Express, Remix and React. Anything else (an unpaired or
 * revoked tablet, a language switch, a first render) goes on to Express and
 * Remix, which render and keep the page (app/entry.server.tsx).
 */
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppContext } from "~/context";
import { loadRoot } from "~/root.server";
import { gzipped, pageCache, pageKey } from "~/page-cache.server";
import { webRequest } from "~/utils/web-request.server";
import { loadKiosk } from "./kiosk.server";

const KIOSK_ROUTE_ID = "routes/kiosk._index";
/** The URLs the kept page may answer: the survey, or the thank-you page after a no-JavaScript send. */
const KEPT_URL = /^\/kiosk(\?done=(vi|en))?$/;

export function isKeptKioskRequest(req: IncomingMessage): boolean {
  return (req.method === "GET" || req.method === "HEAD") && KEPT_URL.test(req.url ?? "");
}

export function keptKioskPage(
  app: AppContext,
  securityHeaders: (req: IncomingMessage, nonce: string) => readonly [string, string][]
) {
  return async function sendKeptKioskPage(req: IncomingMessage, res: ServerResponse, render: () => void) {
    try {
      const request = webRequest(req, app.config);
      const root = await loadRoot(app, request);
      // A header from the root loader (a remembered language) is Remix's to merge.
      if ([...root.headers.keys()].length > 0) return render();
      const kiosk = await loadKiosk(app, request);
      const search = new URL(request.url).search;
      const page = pageCache(app).get(pageKey(KIOSK_ROUTE_ID, search, [root.body, kiosk.body]));
      if (!page) return render();
      for (const [name, value] of securityHeaders(req, crypto.randomBytes(16).toString("base64")))
        res.setHeader(name, value);
      kiosk.headers.forEach((value, name) => res.appendHeader(name, value));
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.setHeader("Vary", "Accept-Encoding");
      // Says the page came from the page cache, not a render (for whoever reads the timings, and the tests).
      res.setHeader("Server-Timing", "kept");
      if (/\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
        res.setHeader("Content-Encoding", "gzip");
        res.end(gzipped(page));
      } else {
        res.end(page.html);
      }
    } catch {
      // A redirect to pairing, or a failure: Express and Remix answer it the usual way.
      if (!res.headersSent) render();
    }
  };
}
