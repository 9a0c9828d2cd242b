/**
 * Requests to the built server from a chosen loopback address: on Linux every
 * 127.x.y.z is the machine itself, so binding the client's socket to one of
 * them makes the server see a different client address (Express's req.ip),
 * without trusting any forwarded header.
 */
import http from "node:http";

export interface Answer {
  status: number;
  text: string;
  location: string | null;
  /** The Retry-After header, when there is one. */
  retryAfter: string | null;
}

/** The n-th loopback address other than 127.0.0.1 (n from 1; up to 65,534 of them). */
export function loopback(n: number): string {
  return `127.0.${Math.floor(n / 254)}.${(n % 254) + 1}`;
}

/**
 * Posts a form as the app's own page would (same origin), from `from`, on a
 * connection of its own; never follows a redirect.
 */
export function postFrom(
  baseUrl: string,
  path: string,
  form: Record<string, string>,
  options: { from: string; cookie?: string }
): Promise<Answer> {
  const url = new URL(path, baseUrl.replace("//localhost:", "//127.0.0.1:"));
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: "POST",
        localAddress: options.from,
        agent: false,
        headers: {
          origin: url.origin,
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
          ...(options.cookie ? { cookie: options.cookie } : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode!,
            text,
            location: res.headers.location ?? null,
            retryAfter: (res.headers["retry-after"] as string | undefined) ?? null,
          })
        );
        res.on("error", reject);
      }
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** How many answers had each status, e.g. { 400: 5, 429: 995 }. */
export function statusCounts(answers: Answer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}
