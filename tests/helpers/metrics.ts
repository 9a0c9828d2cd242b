/** Reading Prometheus text (GET /metrics) in tests: one number per series. */
import http from "node:http";

/** `name{labels}` → value, for every sample line. */
export function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

/** A sample's value, 0 when the series is absent. */
export function sample(samples: Map<string, number>, series: string): number {
  return samples.get(series) ?? 0;
}

/** GET from a chosen local address, with headers; the status, headers and body. */
export function getFrom(
  url: string,
  options: { from?: string; headers?: Record<string, string> } = {}
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: "GET",
        localAddress: options.from,
        agent: false,
        headers: options.headers ?? {},
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
        res.on("error", reject);
      }
    );
    req.on("error", reject);
    req.end();
  });
}
