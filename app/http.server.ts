/**
 * The HTTP server: the API endpoints as plain Node handlers in front (the
 * ingest API is the hot path; app/api/routes.server.ts lists them) and the
 * kept kiosk page (app/kiosk/kept-page.server.ts), then
 * Express with security headers, the CSRF check, compression, static assets
 * and the Remix request handler for everything else.
 */
import crypto from "node:crypto";
import http from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { isSameOrigin } from "./api/http.server";
import { apiRouter } from "./api/routes.server";
import type { AppContext } from "./context.server";
import { sendErrorPage } from "./error-page.server";
import { getT } from "./i18n/i18n.server";
import { isKeptKioskRequest, keptKioskPage } from "./kiosk/kept-page.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const security = helmet({
  contentSecurityPolicy: {
    useDefaults: true,
    directives: {
      // Remix's inline scripts carry the per-response nonce; nothing else runs inline.
      scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      workerSrc: ["'self'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
      // Desks may serve over plain http on a local network; a proxy adds TLS where there is one.
      upgradeInsecureRequests: null,
    },
  },
  referrerPolicy: { policy: "same-origin" },
  xFrameOptions: { action: "deny" },
  crossOriginEmbedderPolicy: false,
});

/**
 * The headers `security` sets on a page, for handlers in front of Express:
 * read once from helmet itself (so there is one configuration), the nonce
 * filled in per response.
 */
function pageSecurityHeaders(): (nonce: string) => [string, string][] {
  const NONCE = "__nonce__";
  const headers: [string, string][] = [];
  const res = {
    locals: { cspNonce: NONCE },
    setHeader: (name: string, value: unknown) => void headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  security({ headers: {} } as never, res as never, () => undefined);
  return (nonce) => headers.map(([name, value]) => [name, value.replaceAll(NONCE, nonce)]);
}

export function createHttpServer(app: AppContext, build: ServerBuild, publicDir: string): http.Server {
  const web = express();
  web.disable("x-powered-by");
  if (app.config.trustProxy > 0) web.set("trust proxy", app.config.trustProxy);

  web.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  web.use(security);
  // CSRF: every state-changing request to the pages must come from the app's own pages
  // (the device API, in front of Express, checks its cookie requests the same way).
  web.use((req, res, next) => {
    if (SAFE_METHODS.has(req.method) || isSameOrigin(req, app.config.publicUrl, { strict: true })) return next();
    app.log.warn(
      { method: req.method, path: req.path, origin: req.headers.origin ?? null },
      "cross-origin request refused"
    );
    res.status(403).type("text/plain").send(getT("vi")("errors:api.forbidden_origin"));
  });
  // Pages for officials are never kept by caches.
  web.use("/admin", (_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  });
  web.use(compression());
  web.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y" }));
  web.use(express.static(publicDir, { maxAge: "1h" }));
  web.all(
    "*",
    createRequestHandler({
      build,
      // Production whatever the build and NODE_ENV: in development mode Remix sends errors' messages and
      // stacks to the browser. Failures go to the log (handleError in app/entry.server.tsx).
      mode: "production",
      getLoadContext: (req, res) => ({ app, nonce: res.locals.cspNonce as string, clientIp: req.ip ?? "" }),
    })
  );

  // Whatever Express itself fails on: the translated error page, the details to the log only.
  web.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = httpStatusOf(error);
    if (status >= 500) app.log.error({ err: error, method: req.method, path: req.path }, "request failed");
    else app.log.info({ status, method: req.method, path: req.path }, "request refused");
    void sendErrorPage(req, res, status);
  });

  const api = apiRouter(app);
  const securityHeaders = pageSecurityHeaders();
  const kioskPage = keptKioskPage(app, securityHeaders);
  const server = http.createServer((req, res) => {
    if (!isDecodablePath(req.url)) {
      void sendErrorPage(req, res, 400, { headers: securityHeaders(crypto.randomBytes(16).toString("base64")) });
      return;
    }
    const handler = api(req.url ?? "/");
    if (handler) {
      void handler(req, res);
      return;
    }
    // The kiosk page, when already rendered from the same data, skips Express and Remix (it is kept gzipped).
    if (isKeptKioskRequest(req)) {
      void kioskPage(req, res, () => web(req, res));
      return;
    }
    web(req, res);
  });
  trackResponses(server);
  return server;
}

/** False for a path whose percent-encoding does not decode (Express and Remix would fail on it). */
function isDecodablePath(url: string | undefined): boolean {
  const path = (url ?? "/").split("?", 1)[0];
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The status an error thrown inside Express asks for (body-parser style `status`), else 500. */
function httpStatusOf(error: unknown): number {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
}

/** Responses not yet finished, per server: closeGracefully lets them finish, then closes their connections. */
const openResponses = new WeakMap<http.Server, Set<http.ServerResponse>>();

function trackResponses(server: http.Server) {
  const open = new Set<http.ServerResponse>();
  openResponses.set(server, open);
  server.on("request", (_req: http.IncomingMessage, res: http.ServerResponse) => {
    open.add(res);
    res.once("close", () => open.delete(res));
  });
}

/**
 * Stops accepting connections, lets in-flight requests finish, then resolves
 * (after `timeoutMs` it cuts whatever is left). Keep-alive connections would
 * otherwise hold the server open until the client's idle timeout: idle ones
 * are closed at once, and a response finishing from now on says
 * `Connection: close` and closes its connection.
 */
export function closeGracefully(server: http.Server, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, timeoutMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    const closeWhenDone = (res: http.ServerResponse) => {
      if (!res.headersSent) res.setHeader("connection", "close");
      // Once the response is out its connection is idle (and, with the header, ending).
      res.once("finish", () => setImmediate(() => server.closeIdleConnections()));
    };
    for (const res of openResponses.get(server) ?? []) closeWhenDone(res);
    // Requests that arrive on connections already open (keep-alive, pipelined) are still served.
    server.on("request", (_req: http.IncomingMessage, res: http.ServerResponse) => closeWhenDone(res));
    server.closeIdleConnections();
  });
}
