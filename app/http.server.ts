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
import { type ServerBuild, createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { MAX_IMPORT_BYTES } from "./admin/unit-import.server";
import { isSameOrigin } from "./api/json-endpoints.server";
import { apiRouter } from "./api/routes.server";
import { carriesSessionCookie } from "./auth/session.server";
import { refuseHopelessSignIns } from "./auth/sign-in-refusal.server";
import type { AppContext } from "./context";
import { errorPageHtml, pageLanguageOf, sendErrorPage } from "./error-page.server";
import { apiLanguage, getT } from "./i18n/i18n.server";
import { isKeptKioskRequest, keptKioskPage } from "./kiosk/kept-page.server";
import { routeIdMatcher } from "./ops/route-ids.server";
import { opsRouter } from "./ops/routes.server";
import {
  ADMIN_FORM_BYTES,
  BodyTooLargeError,
  ClientGoneError,
  FORM_FIELDS_BYTES,
  PUBLIC_FORM_BYTES,
  hasBody,
  readBody,
} from "./utils/body.server";
import { type ProxySettings, expressTrustProxy, requestProtocol, webRequest } from "./utils/web-request.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The route a response was served by, for the request-duration metric (never the raw URL). */
const ROUTE = Symbol("hailong.route");
type Routed = http.ServerResponse & { [ROUTE]?: string };

function markRoute(res: http.ServerResponse, route: string) {
  (res as Routed)[ROUTE] = route;
}

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
  // Only on https requests (helmet would send it on every one): see HSTS below.
  strictTransportSecurity: false,
});

/** helmet's own HSTS value, for requests that came over https (requestProtocol). */
const HSTS: [string, string] = ["Strict-Transport-Security", "max-age=31536000; includeSubDomains"];

/**
 * The headers `security` (and HSTS on https) sets on a page, for handlers in
 * front of Express: read once from helmet itself (so there is one
 * configuration), the nonce filled in per response.
 */
function pageSecurityHeaders(
  settings: ProxySettings
): (req: http.IncomingMessage, nonce: string) => [string, string][] {
  const NONCE = "__nonce__";
  const headers: [string, string][] = [];
  const res = {
    locals: { cspNonce: NONCE },
    setHeader: (name: string, value: unknown) => void headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  security({ headers: {} } as never, res as never, () => undefined);
  return (req, nonce) => [
    ...headers.map(([name, value]): [string, string] => [name, value.replaceAll(NONCE, nonce)]),
    ...(requestProtocol(req, settings) === "https" ? [HSTS] : []),
  ];
}

export function createHttpServer(app: AppContext, build: ServerBuild, publicDir: string): http.Server {
  const web = express();
  web.disable("x-powered-by");
  const trustProxy = expressTrustProxy(app.config);
  if (trustProxy !== undefined) web.set("trust proxy", trustProxy);

  const routeId = routeIdMatcher(build);
  web.use((req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    // Whatever answers it (Remix, or a refusal in front: CSRF, a body too large, a hopeless sign-in), it is the page's.
    markRoute(res, routeId(req.path));
    next();
  });
  web.use(security);
  web.use((req, res, next) => {
    if (requestProtocol(req, app.config) === "https") res.setHeader(...HSTS);
    next();
  });
  // CSRF: every state-changing request to the pages must come from the app's own pages
  // (the device API, in front of Express, checks its cookie requests the same way).
  web.use((req, res, next) => {
    if (SAFE_METHODS.has(req.method) || isSameOrigin(req, app.config.publicUrl, { strict: true })) return next();
    app.log.warn(
      { method: req.method, path: req.path, origin: req.headers.origin ?? null },
      "cross-origin request refused"
    );
    // Its body is not read: the connection closes after the answer.
    void sendErrorPage(req, res, 403, { messageKey: "errors:api.forbidden_origin", close: hasBody(req.headers) });
  });
  // Every body is read here, within its path's limit, before anything parses it.
  web.use(readBodies(app));
  web.use(refuseHopelessSignIns(app));
  web.use(compression());
  const asStatic = { setHeaders: (res: http.ServerResponse) => markRoute(res, "static") };
  web.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y", ...asStatic }));
  web.use(express.static(publicDir, { maxAge: "1h", ...asStatic }));
  web.all("*", remixHandler(app, build));

  // Whatever Express itself fails on: the translated error page, the details to the log only.
  web.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = httpStatusOf(error);
    if (status >= 500) app.log.error({ err: error, method: req.method, path: req.path }, "request failed");
    else app.log.info({ status, method: req.method, path: req.path }, "request refused");
    void sendErrorPage(req, res, status);
  });

  const api = apiRouter(app);
  const ops = opsRouter(app);
  const securityHeaders = pageSecurityHeaders(app.config);
  const kioskPage = keptKioskPage(app, securityHeaders);
  const server = http.createServer((req, res) => {
    if (!isDecodablePath(req.url)) {
      void sendErrorPage(req, res, 400, { headers: securityHeaders(req, crypto.randomBytes(16).toString("base64")) });
      return;
    }
    const url = req.url ?? "/";
    const handler = api(url);
    if (handler) {
      markRoute(res, `api:${url.split("?", 1)[0]}`);
      void handler(req, res);
      return;
    }
    const opsHandler = req.method === "GET" || req.method === "HEAD" ? ops(url) : undefined;
    if (opsHandler) {
      markRoute(res, `ops:${url.split("?", 1)[0]}`);
      void opsHandler(req, res);
      return;
    }
    // The kiosk page, when already rendered from the same data, skips Express and Remix (it is kept gzipped).
    if (isKeptKioskRequest(req)) {
      markRoute(res, "kiosk:kept-page");
      void kioskPage(req, res, () => web(req, res));
      return;
    }
    web(req, res);
  });
  trackResponses(server);
  timeResponses(server, app);
  return server;
}

/** Every response's duration, by the route that served it (`other`: refused before any route, e.g. 400, 403, 413). */
function timeResponses(server: http.Server, app: AppContext) {
  server.on("request", (_req: http.IncomingMessage, res: http.ServerResponse) => {
    const started = performance.now();
    res.once("close", () =>
      app.metrics.requestDone((res as Routed)[ROUTE] ?? "other", res.statusCode, (performance.now() - started) / 1000)
    );
  });
}

/**
 * The most a request to `path` may send (README «Security»): the unit CSV
 * import its file and the form's fields, the administration's forms 1 MB,
 * everything else (sign-in, pairing, the kiosk's no-JavaScript form) 64 KB.
 * Remix's data requests (`….data`) count as their page.
 */
function bodyLimitFor(path: string): number {
  if (/^\/admin\/units\/import(\.data)?$/.test(path)) return MAX_IMPORT_BYTES + FORM_FIELDS_BYTES;
  if (/^\/admin(\/|\.data$|$)/.test(path)) return ADMIN_FORM_BYTES;
  return PUBLIC_FORM_BYTES;
}

/**
 * Reads a request's body within its path's limit into `res.locals.body`, for
 * remixHandler. Remix's Express adapter would hand Remix the request stream
 * as it is, and a page's action reads it whole; so the body is counted as it
 * arrives here instead. Past the limit (or a Content-Length past it) reading
 * stops: 413, the translated page, the connection closed, nothing parsed.
 */
function readBodies(app: AppContext): express.RequestHandler {
  return (req, res, next) => {
    if (!hasBody(req.headers)) return next();
    const limit = bodyLimitFor(req.path);
    readBody(req, limit).then(
      (body) => {
        res.locals.body = body;
        next();
      },
      (error: unknown) => {
        const where = { method: req.method, path: req.path };
        if (error instanceof BodyTooLargeError) {
          app.log.info({ ...where, limit }, "request body over its limit refused");
          void sendErrorPage(req, res, 413, { close: true });
        } else if (error instanceof ClientGoneError) {
          app.log.info({ ...where, received: error.received }, "client went away during the upload");
        } else {
          next(error);
        }
      }
    );
  };
}

/**
 * The Remix request handler, given the body readBodies read. Remix runs in
 * production mode whatever the build and NODE_ENV: in development mode it
 * sends errors' messages and stacks to the browser. Failures go to the log
 * (handleError in app/entry.server.tsx).
 */
function remixHandler(app: AppContext, build: ServerBuild): express.RequestHandler {
  const handle = createRequestHandler(build, "production");
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- Express 4 ignores the promise; every failure is caught below and handed to next()
  return async (req, res, next) => {
    try {
      // Loaders and actions stop when the client goes away before the answer is out.
      const controller = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const request = webRequest(req, app.config, {
        body: res.locals.body as Buffer | undefined,
        signal: controller.signal,
        // Every request that reaches Remix passed the same-origin check above.
        originChecked: true,
      });
      const response = await translatedFailure(
        req,
        await handle(request, { app, nonce: res.locals.cspNonce as string, clientIp: req.ip ?? "" })
      );
      res.statusMessage = response.statusText;
      res.status(response.status);
      // Whatever a signed-in official is answered (pages behind sign-in, downloads, refusals) is for them
      // alone: never stored by a shared cache, nor by their browser.
      const signedIn = carriesSessionCookie(req.headers.cookie);
      for (const [name, value] of response.headers) {
        if (!(signedIn && name === "cache-control")) res.append(name, value);
      }
      if (signedIn) res.setHeader("Cache-Control", "private, no-store");
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * Remix answers a failure in a resource route (the downloads, the JSON
 * report API) with its own untranslated text/plain "Unexpected Server
 * Error" (the failure itself went to handleError): the translated error page
 * instead, or for the API the translated JSON error in the client's language.
 */
async function translatedFailure(req: http.IncomingMessage, response: Response): Promise<Response> {
  if (response.status !== 500 || response.headers.get("content-type") !== "text/plain") return response;
  if (new URL(req.url ?? "/", "http://hailong.invalid").pathname.startsWith("/api/")) {
    const t = getT(apiLanguage(req.headers["accept-language"]));
    return new Response(JSON.stringify({ error: t("errors:api.server_error") }), {
      status: 500,
      headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    });
  }
  return new Response(errorPageHtml(await pageLanguageOf(req), 500), {
    status: 500,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
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
  const status = (error as { status?: unknown } | null)?.status;
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
