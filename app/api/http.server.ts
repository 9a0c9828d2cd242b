/** Small helpers for the API endpoints that run outside Remix (see app/server.ts). */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DeviceIdentity } from "~db/repositories/devices";
import type { AppContext } from "~/context.server";
import { authenticateDevice } from "~/devices/devices.server";
import { deviceTokenFromCookie } from "~/devices/device-cookie.server";

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...headers,
  });
  res.end(payload);
}

export class BodyTooLargeError extends Error {}

/** Reads a request body up to `limit` bytes; rejects with BodyTooLargeError beyond it. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    req.on("error", (error) => {
      if (!failed) reject(error);
    });
  });
}

/**
 * True when a browser request comes from this site. Requests without Origin
 * and Sec-Fetch-Site (non-browser clients) are allowed: they carry no ambient
 * cookie authority worth forging.
 */
export function isSameOrigin(req: IncomingMessage, publicUrl: string | null): boolean {
  const site = req.headers["sec-fetch-site"];
  if (site === "same-origin" || site === "none") return true;
  const origin = req.headers.origin;
  if (!origin) return site === undefined;
  const host = req.headers.host;
  if (publicUrl && origin === new URL(publicUrl).origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function bearerToken(req: IncomingMessage): string | null {
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
