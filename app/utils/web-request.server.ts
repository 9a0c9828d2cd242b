/**
 * The Fetch API request for a Node request, as Remix's Express adapter would
 * build it: for the Remix handler (with the body already read within its
 * limit) and for the kept kiosk page in front of Express.
 */
import type { IncomingMessage } from "node:http";
import net from "node:net";
import type { TLSSocket } from "node:tls";

/** What says how clients reach the app (app/config.server.ts). */
export interface ProxySettings {
  /** How many proxies in front are trusted for X-Forwarded-*, or their addresses/networks (TRUST_PROXY). */
  trustProxy: number | string[];
  /** PUBLIC_URL: in production, an https one means clients reach the app over https. */
  publicUrl: string | null;
  production: boolean;
}

const proxyLists = new WeakMap<string[], net.BlockList>();

function proxyList(entries: string[]): net.BlockList {
  let list = proxyLists.get(entries);
  if (!list) {
    list = new net.BlockList();
    for (const entry of entries) {
      const [address, prefix] = entry.split("/");
      const type = net.isIPv6(address) ? "ipv6" : "ipv4";
      if (prefix === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(prefix), type);
    }
    proxyLists.set(entries, list);
  }
  return list;
}

/** Whether this request's X-Forwarded-* may be believed: it came through a trusted proxy. */
export function fromTrustedProxy(req: IncomingMessage, settings: ProxySettings): boolean {
  const trust = settings.trustProxy;
  if (typeof trust === "number") return trust > 0;
  let peer = req.socket.remoteAddress ?? "";
  if (peer.startsWith("::ffff:") && net.isIPv4(peer.slice(7))) peer = peer.slice(7);
  const family = net.isIP(peer);
  return family !== 0 && proxyList(trust).check(peer, family === 4 ? "ipv4" : "ipv6");
}

/** Express's `trust proxy` for TRUST_PROXY: it then takes req.ip from X-Forwarded-For the same way. */
export function expressTrustProxy(settings: ProxySettings): number | string | undefined {
  const trust = settings.trustProxy;
  if (typeof trust === "number") return trust > 0 ? trust : undefined;
  return trust.join(",");
}

function firstForwarded(value: string | string[] | undefined): string | undefined {
  const first = (Array.isArray(value) ? value[0] : value)?.split(",")[0].trim();
  return first || undefined;
}

/**
 * The scheme the client used: TLS on this socket, a trusted proxy's
 * X-Forwarded-Proto, or — in production with an https PUBLIC_URL — https in
 * any case: the installation is served over TLS (by a proxy in front, which
 * may say nothing, or not be trusted to), so its cookies must be Secure and
 * HSTS sent whatever TRUST_PROXY is.
 */
export function requestProtocol(req: IncomingMessage, settings: ProxySettings): "http" | "https" {
  if ((req.socket as TLSSocket).encrypted) return "https";
  if (settings.production && settings.publicUrl?.startsWith("https:")) return "https";
  const forwarded = fromTrustedProxy(req, settings) ? firstForwarded(req.headers["x-forwarded-proto"]) : undefined;
  return forwarded === "https" ? "https" : "http";
}

export function webRequest(
  req: IncomingMessage,
  settings: ProxySettings,
  init: {
    body?: Buffer;
    signal?: AbortSignal;
    /** The request passed the app's own same-origin check (app/http.server.ts). */
    originChecked?: boolean;
  } = {}
): Request {
  const host =
    (fromTrustedProxy(req, settings) ? firstForwarded(req.headers["x-forwarded-host"]) : undefined) ??
    req.headers.host ??
    "localhost";
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  // Remix answers 500 to an action whose Origin names another host than X-Forwarded-Host (trusted or not) or
  // Host. The host the client reached is decided above, and whether the page came from this app by our own check,
  // which knows PUBLIC_URL and the trusted proxies: Remix is told that host, or for a checked request the
  // origin's own, so that a post we let through reaches its page.
  headers.delete("x-forwarded-host");
  headers.set("host", host);
  const origin = headers.get("origin");
  if (init.originChecked && origin && origin !== "null") {
    try {
      headers.set("host", new URL(origin).host);
    } catch {
      // Not a URL (Remix would fail on it): the check let the request through on Sec-Fetch-Site.
      headers.delete("origin");
    }
  }
  const method = req.method ?? "GET";
  const withBody = method !== "GET" && method !== "HEAD";
  return new Request(`${requestProtocol(req, settings)}://${host}${req.url ?? "/"}`, {
    method,
    headers,
    signal: init.signal,
    body: withBody ? ((init.body ?? null) as Uint8Array<ArrayBuffer> | null) : undefined,
  });
}
