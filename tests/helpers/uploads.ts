/** Large request bodies, generated as they are sent (never held in memory), for tests against the built server. */
import { readFile } from "node:fs/promises";
import http from "node:http";

export interface UploadAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Body bytes the client had written when the answer's headers arrived. */
  sentBeforeAnswer: number;
  /** Body bytes written in all. */
  sent: number;
  /** The server closed the connection (the client asks to keep it alive and never closes it itself). */
  closedByServer: boolean;
}

const PAD = Buffer.alloc(64 * 1024, "a");

/**
 * POSTs `head` followed by `total` bytes of "a", chunked (or with the whole
 * length declared when `declareLength`), as fast as the server reads. After
 * `pauseAt` bytes it stops until an answer comes (at most 10 s: a server
 * that waits for the whole body gets it), then goes on, as a client that
 * ignores the answer would. Once the body is sent or the connection gone,
 * and the answer read, it waits up to `closeWithinMs` for the server to close
 * the connection.
 */
export async function upload(
  baseUrl: string,
  path: string,
  options: {
    head: string;
    total: number;
    headers?: Record<string, string>;
    declareLength?: boolean;
    pauseAt?: number;
    closeWithinMs?: number;
  }
): Promise<UploadAnswer> {
  const url = new URL(path, baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const head = Buffer.from(options.head);
  const length = head.length + options.total;
  const headers: Record<string, string> = { origin: url.origin, connection: "keep-alive", ...options.headers };
  if (options.declareLength) headers["content-length"] = String(length);
  else headers["transfer-encoding"] = "chunked";

  const req = http.request(url, { method: "POST", agent, headers });
  req.on("error", () => undefined); // EPIPE / ECONNRESET once the server has closed: seen through `closed`
  let sent = 0;
  let sentBeforeAnswer = -1;
  let onAnswer = () => {};
  const answerStarted = new Promise<void>((resolve) => (onAnswer = resolve));
  let isClosed = false;
  const closed = new Promise<void>((resolve) =>
    req.once("socket", (socket) =>
      socket.once("close", () => {
        isClosed = true;
        resolve();
      })
    )
  );
  const answered = new Promise<Omit<UploadAnswer, "sent" | "sentBeforeAnswer" | "closedByServer"> | null>((resolve) => {
    req.once("response", (res) => {
      sentBeforeAnswer = sent;
      onAnswer();
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.once("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") })
      );
      res.once("error", () => resolve(null));
    });
    void closed.then(() => setTimeout(() => resolve(null), 1000));
  });

  try {
    req.write(head);
    sent = head.length;
    const pauseAt = options.pauseAt ?? 8 * 1024 * 1024;
    let paused = false;
    while (!isClosed && sent < length) {
      if (sent >= pauseAt && !paused) {
        paused = true;
        await Promise.race([answerStarted, closed, new Promise((r) => setTimeout(r, 10_000))]);
        continue;
      }
      const chunk = PAD.subarray(0, Math.min(PAD.length, length - sent));
      sent += chunk.length;
      if (!req.write(chunk)) await Promise.race([new Promise((r) => req.once("drain", r)), closed]);
    }
    if (!isClosed) req.end();
    const answer = await answered;
    if (!answer) throw new Error(`no answer to POST ${path} (${sent} bytes sent, connection closed: ${isClosed})`);
    await Promise.race([closed, new Promise((r) => setTimeout(r, options.closeWithinMs ?? 2000))]);
    return { ...answer, sent, sentBeforeAnswer, closedByServer: isClosed };
  } finally {
    agent.destroy();
  }
}

/** The server process's peak and current resident memory in bytes (Linux /proc). */
export async function serverMemory(pid: number): Promise<{ peak: number; current: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const bytes = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
  return { peak: bytes("VmHWM"), current: bytes("VmRSS") };
}
