/**
 * GET /healthz, /readyz and /metrics, answered in front of Express and Remix
 * like the API (app/http.server.ts): no session, no cookies, never cached.
 */
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AppContext } from "~/context";
import { addScrapeMetrics } from "./metrics.server";
import { readiness } from "./readiness.server";

export const HEALTH_PATH = "/healthz";
export const READY_PATH = "/readyz";
export const METRICS_PATH = "/metrics";

/** package.json's version, read once (the bundle and the CLI both find it from the app's folder). */
function packageVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    for (const candidate of ["../package.json", "../../package.json"]) {
      try {
        const pkg = require(candidate) as { name?: string; version?: string };
        if (pkg.name === "hailong" && pkg.version) return pkg.version;
      } catch {
        // not at this depth
      }
    }
  } catch {
    // fall through
  }
  return "unknown";
}

export const VERSION = packageVersion();

function send(res: ServerResponse, status: number, type: string, body: string) {
  res.writeHead(status, {
    "Content-Type": type,
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  res.end(body);
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}

/**
 * Whether a scrape may read /metrics: from loopback as it is — judged by the
 * socket's own address; X-Forwarded-For is whatever the client wrote, so it
 * never grants anything — but not when the request came through a proxy
 * (it carries X-Forwarded-For or Forwarded): behind nginx on the same machine
 * every request comes from loopback, the Internet's included. Otherwise only
 * with `Authorization: Bearer <METRICS_TOKEN>`.
 */
export function metricsAllowed(
  remoteAddress: string | undefined,
  headers: { authorization?: string; "x-forwarded-for"?: string | string[]; forwarded?: string },
  token: string | null
): boolean {
  const proxied = headers["x-forwarded-for"] !== undefined || headers.forwarded !== undefined;
  if (isLoopback(remoteAddress) && !proxied) return true;
  const authorization = headers.authorization;
  if (!token || !authorization?.startsWith("Bearer ")) return false;
  const given = Buffer.from(authorization.slice("Bearer ".length).trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

export type OpsHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** The handler for /healthz, /readyz or /metrics (query string ignored), else undefined. */
export function opsRouter(app: AppContext): (path: string) => OpsHandler | undefined {
  addScrapeMetrics(app);
  const health = JSON.stringify({ status: "ok", version: VERSION });
  const handlers = new Map<string, OpsHandler>([
    [HEALTH_PATH, async (_req, res) => send(res, 200, "application/json; charset=utf-8", health)],
    [
      READY_PATH,
      async (_req, res) => {
        const result = await readiness(app);
        if (result.status !== "ok") app.log.warn({ failing: result.failing, checks: result.checks }, "not ready");
        send(res, result.status === "ok" ? 200 : 503, "application/json; charset=utf-8", JSON.stringify(result));
      },
    ],
    [
      METRICS_PATH,
      async (req, res) => {
        if (!metricsAllowed(req.socket.remoteAddress, req.headers, app.config.metricsToken)) {
          send(res, 404, "text/plain; charset=utf-8", "Not Found");
          return;
        }
        try {
          send(res, 200, app.metrics.registry.contentType, await app.metrics.registry.metrics());
        } catch (error) {
          app.log.error({ err: error }, "metrics scrape failed");
          send(res, 500, "text/plain; charset=utf-8", "metrics unavailable");
        }
      },
    ],
  ]);
  return (path) => {
    const q = path.indexOf("?");
    return handlers.get(q === -1 ? path : path.slice(0, q));
  };
}
