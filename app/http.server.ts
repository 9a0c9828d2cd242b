/**
 * The HTTP server: the ingest API as a plain Node handler in front (it is the
 * hot path), then Express with security headers, compression, static assets
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
import { DEVICE_STATUS_PATH, createDeviceStatusHandler } from "./api/device-status.server";
import { RESPONSES_PATH, createResponsesHandler } from "./api/responses.server";
import type { AppContext } from "./context.server";

export function createHttpServer(app: AppContext, build: ServerBuild, publicDir: string): http.Server {
  const web = express();
  web.disable("x-powered-by");
  if (app.config.trustProxy > 0) web.set("trust proxy", app.config.trustProxy);

  web.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  web.use(
    helmet({
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
      crossOriginEmbedderPolicy: false,
    })
  );
  web.use(compression());
  web.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y" }));
  web.use(express.static(publicDir, { maxAge: "1h" }));
  web.all(
    "*",
    createRequestHandler({
      build,
      mode: build.mode,
      getLoadContext: (req, res) => ({ app, nonce: res.locals.cspNonce as string, clientIp: req.ip ?? "" }),
    })
  );

  const api: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>> = {
    [RESPONSES_PATH]: createResponsesHandler(app),
    [DEVICE_STATUS_PATH]: createDeviceStatusHandler(app),
  };
  return http.createServer((req, res) => {
    const url = req.url ?? "/";
    const handler = api[url.split("?", 1)[0]];
    if (handler) {
      void handler(req, res);
      return;
    }
    web(req, res);
  });
}

/** Stops accepting connections, lets in-flight requests finish, then resolves. */
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
    server.closeIdleConnections();
  });
}
