/** Small helpers for the API endpoints that run outside Remix (see app/server.ts). */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DeviceIdentity } from "~db/repositories/devices";
import type { AppContext } from "~/context";
import { authenticateDevice } from "~/devices/devices.server";
import { deviceTokenFromCookie } from "~/devices/device-cookie.server";
import { apiLanguage, getT } from "~/i18n/i18n.server";
import { BodyTooLargeError, ClientGoneError, answerAndClose, declaresMoreThan, readBody } from "~/utils/body.server";

const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...JSON_HEADERS, "content-length": Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

function originOfReferer(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return "null";
  }
}

/**
 * True when a request comes from this site's own pages: Sec-Fetch-Site says
 * so, or its Origin (else its Referer's origin) is PUBLIC_URL's or has the
 * request's own Host. A request with none of the three is a non-browser
 * client, which carries no ambient cookie authority worth forging: allowed,
 * unless `strict` (the cookie-authenticated pages, app/http.server.ts).
 */
export function isSameOrigin(
  req: Pick<IncomingMessage, "headers">,
  publicUrl: string | null,
  options: { strict?: boolean } = {}
): boolean {
  const site = req.headers["sec-fetch-site"];
  if (site === "same-origin" || site === "none") return true;
  const origin = req.headers.origin ?? originOfReferer(req.headers.referer);
  if (!origin) return site === undefined && !options.strict;
  if (publicUrl && origin === new URL(publicUrl).origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : "";
}

export type DeviceRequestAuth =
  | { ok: true; device: DeviceIdentity }
  | { ok: false; status: 401 | 403; key: "errors:api.unauthorized" | "errors:api.forbidden_origin" };

/**
 * The tablet behind an API request: a Bearer token for any client, or the
 * kiosk page's httpOnly device cookie on same-origin browser requests.
 */
export async function authenticateDeviceRequest(app: AppContext, req: IncomingMessage): Promise<DeviceRequestAuth> {
  let token = bearerToken(req);
  if (token === null) {
    token = await deviceTokenFromCookie(req.headers.cookie);
    if (token && !isSameOrigin(req, app.config.publicUrl)) {
      return { ok: false, status: 403, key: "errors:api.forbidden_origin" };
    }
  }
  const auth = await authenticateDevice(app.db, token);
  return auth.ok ? { ok: true, device: auth.device } : { ok: false, status: 401, key: "errors:api.unauthorized" };
}

export const WWW_AUTHENTICATE = { "www-authenticate": 'Bearer realm="hailong"' };

export type Fail = (
  status: number,
  key: string,
  vars?: Record<string, unknown>,
  headers?: Record<string, string>
) => void;

export interface DeviceJsonRequest {
  res: ServerResponse;
  device: DeviceIdentity;
  /** The parsed JSON body. */
  json: unknown;
  t: ReturnType<typeof getT>;
  /** Answers `{"error": …}` translated by Accept-Language. */
  fail: Fail;
}

export type RequestAuth<I> = { ok: true; identity: I } | { ok: false; status: 401 | 403; key: string };

export interface JsonRequest<I> {
  req: IncomingMessage;
  res: ServerResponse;
  identity: I;
  /** The parsed JSON body. */
  json: unknown;
  t: ReturnType<typeof getT>;
  /** Answers `{"error": …}` translated by Accept-Language. */
  fail: Fail;
}

/**
 * The frame of a tablet's JSON endpoint: POST only, a device (Bearer token or
 * same-origin cookie), a JSON body within `maxBytes`, translated errors, and
 * 503 with Retry-After — never 500 — when something fails inside.
 */
export function deviceJsonHandler(
  app: AppContext,
  options: { path: string; maxBytes: number; maxLabel: string },
  handle: (request: DeviceJsonRequest) => Promise<void>
) {
  return jsonPostHandler(
    app,
    options,
    async (req): Promise<RequestAuth<DeviceIdentity>> => {
      const auth = await authenticateDeviceRequest(app, req);
      return auth.ok ? { ok: true, identity: auth.device } : auth;
    },
    ({ identity, ...rest }) => handle({ ...rest, device: identity })
  );
}

/** The same frame, for any caller `authenticate` recognises (a device, a one-stop system). */
export function jsonPostHandler<I>(
  app: AppContext,
  options: { path: string; maxBytes: number; maxLabel: string },
  authenticate: (req: IncomingMessage) => Promise<RequestAuth<I>>,
  handle: (request: JsonRequest<I>) => Promise<void>
) {
  return async function handleJson(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t = getT(apiLanguage(req.headers["accept-language"]));
    // A refusal before the body was read drains a body declared within the limit, so that a tablet's
    // connection stays usable; any other body is never read: the connection closes after the answer.
    let bodyRead = false;
    const drainable = !declaresMoreThan(req.headers, options.maxBytes) && !req.headers["transfer-encoding"];
    const fail: Fail = (status, key, vars, headers) => {
      const body = { error: t(key, vars) };
      if (bodyRead || drainable) {
        req.resume();
        sendJson(res, status, body, headers);
      } else {
        answerAndClose(req, res, status, { ...JSON_HEADERS, ...headers }, JSON.stringify(body));
      }
    };
    try {
      if (req.method !== "POST") return fail(405, "errors:api.method_not_allowed", undefined, { allow: "POST" });
      const auth = await authenticate(req);
      if (!auth.ok) return fail(auth.status, auth.key, undefined, auth.status === 401 ? WWW_AUTHENTICATE : undefined);
      if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
        return fail(415, "errors:api.unsupported_media_type");
      }
      let body: Buffer;
      try {
        body = await readBody(req, options.maxBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return fail(413, "errors:api.too_large", { max: options.maxLabel });
        if (error instanceof ClientGoneError) {
          app.log.info({ path: options.path, received: error.received }, "client went away during the upload");
          return;
        }
        throw error;
      }
      bodyRead = true;
      let json: unknown;
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch {
        return fail(400, "errors:api.bad_json");
      }
      await handle({ req, res, identity: auth.identity, json, t, fail });
    } catch (error) {
      app.log.error({ err: error, path: options.path }, "API request failed");
      if (!res.headersSent) fail(503, "errors:api.unavailable", undefined, { "retry-after": "5" });
      else res.destroy();
    }
  };
}
