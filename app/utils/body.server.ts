/**
 * Reading request bodies within a limit, while they arrive (chunked or not):
 * the one way HaiLong reads a body. In front of Remix app/http.server.ts reads
 * every body with it, by path, before anything parses it; the API endpoints
 * read theirs with it; forms read the Remix request's (already bounded) body
 * with it again at their own, sometimes smaller, limit. README «Security»
 * lists the limits.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { data } from "@remix-run/node";

/** Sign-in, pairing, the kiosk's no-JavaScript form, and every other form outside the administration. */
export const PUBLIC_FORM_BYTES = 64 * 1024;
/** The administration's forms; uploads (the unit CSV, a questionnaire's JSON) have limits of their own. */
export const ADMIN_FORM_BYTES = 1024 * 1024;
/** Room for a form's fields besides an uploaded file. */
export const FORM_FIELDS_BYTES = 64 * 1024;

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
  }
}

/** The client went away (closed or reset the connection) before its body was whole: nobody to answer. */
export class ClientGoneError extends Error {
  constructor(readonly received: number) {
    super("client went away during the upload");
  }
}

/** True when a request carries a body (declared or chunked). */
export function hasBody(headers: IncomingHttpHeaders): boolean {
  return headers["transfer-encoding"] !== undefined || Number(headers["content-length"] ?? 0) > 0;
}

/** A declared Content-Length beyond `limit`: refused before a byte is read. */
export function declaresMoreThan(headers: IncomingHttpHeaders, limit: number): boolean {
  const declared = Number(headers["content-length"]);
  return Number.isFinite(declared) && declared > limit;
}

/**
 * The body of `source` (a Node request, or any byte stream) if it is at most
 * `limit` bytes. Past the limit, or when a Content-Length says it will be,
 * it stops reading — the rest stays unread, nothing is kept — and rejects with
 * BodyTooLargeError: the caller answers 413 and closes the connection (the
 * stream is not destroyed, so that the answer can still be written). A
 * client that goes away first rejects with ClientGoneError.
 */
export function readBody(source: Readable & { headers?: IncomingHttpHeaders }, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (source.headers && declaresMoreThan(source.headers, limit)) {
      reject(new BodyTooLargeError(limit));
      return;
    }
    // Gone already (while the request waited for something else): no event is coming.
    if (source.destroyed) {
      reject(new ClientGoneError(0));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      source.off("data", onData);
      source.off("end", onEnd);
      source.off("aborted", onGone);
      source.off("close", onClose);
      source.off("error", onError);
      source.pause();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop();
        chunks.length = 0;
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onGone = () => {
      stop();
      reject(new ClientGoneError(size));
    };
    // A Node request closes before its end only when the client went away.
    const onClose = () => {
      if (!source.readableEnded) onGone();
    };
    const onError = (error: Error) => {
      stop();
      reject((error as NodeJS.ErrnoException).code === "ECONNRESET" ? new ClientGoneError(size) : error);
    };
    source.on("data", onData);
    source.once("end", onEnd);
    source.once("aborted", onGone);
    source.once("close", onClose);
    source.once("error", onError);
  });
}

/** How long, and how much of, what a refused client still sends is read and dropped before its connection closes. */
const LINGER_MS = 2000;
const LINGER_BYTES = 16 * 1024 * 1024;

/**
 * Sends a whole answer (`payload`) to a request whose body is left unread,
 * and closes the connection without losing the answer: closing a socket that
 * still has unread bytes resets the connection, and the client may drop the
 * answer before reading it (browsers then show "connection reset"). So, as
 * nginx's lingering close, what the client still sends is read and dropped —
 * nothing kept — until its body ends, for at most LINGER_MS and LINGER_BYTES
 * (enough for a browser to finish an upload a little over its limit), then
 * the connection closes.
 */
export function answerAndClose(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  payload: string
): void {
  res.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(payload)), connection: "close" });
  res.write(req.method === "HEAD" ? "" : payload);
  let dropped = 0;
  const drop = (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) close();
  };
  const close = () => {
    clearTimeout(timer);
    req.off("data", drop);
    req.off("end", close);
    req.off("close", close);
    req.pause();
    if (!res.writableEnded) res.end();
  };
  const timer = setTimeout(close, LINGER_MS);
  req.on("data", drop);
  req.once("end", close);
  req.once("close", close);
  req.resume();
}

/**
 * A Remix request's body within `limit`: a translated 413 page (thrown) past
 * it. In front of Remix the body was already read within its path's limit;
 * this holds a form to its own, and keeps the limit for a request made in
 * process (tests, the CLI).
 */
export async function readRequestBody(request: Request, limit: number): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  try {
    return await readBody(Readable.fromWeb(request.body as WebReadableStream), limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw tooLarge();
    throw error;
  }
}

const tooLarge = () => data(null, { status: 413, headers: { Connection: "close" } });

/**
 * A posted form (urlencoded or multipart) of at most `limit` bytes, parsed
 * only once it is whole: 413 past the limit, 400 for a body that is not a form.
 */
export async function readFormData(request: Request, limit: number): Promise<FormData> {
  const body = await readRequestBody(request, limit);
  try {
    return await new Response(body as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": request.headers.get("content-type") ?? "" },
    }).formData();
  } catch {
    throw data(null, { status: 400 });
  }
}
