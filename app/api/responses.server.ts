/**
 * POST /api/v1/responses — the ingest API (contract in README.md).
 *
 * A plain Node handler rather than a Remix resource route: every tablet's
 * answers pass through it, and the Remix request pipeline costs ~20× a bare
 * handler on this path (see `npm run bench`).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { AppContext } from "~/context.server";
import { recordDeviceContact } from "~/devices/devices.server";
import { apiLanguage, getT } from "~/i18n/i18n.server";
import { ingestResponses } from "~/ingest/ingest.server";
import { translateProblems } from "~/utils/problems";
import { BodyTooLargeError, WWW_AUTHENTICATE, authenticateDeviceRequest, readBody, sendJson } from "./http.server";

export const RESPONSES_PATH = "/api/v1/responses";
export const MAX_ITEMS = 500;
export const MAX_BODY_BYTES = 1024 * 1024;

const envelopeSchema = z.object({ responses: z.array(z.unknown()) });

export function createResponsesHandler(app: AppContext) {
  return async function handleResponses(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t = getT(apiLanguage(req.headers["accept-language"]));
    const fail = (status: number, key: string, vars?: Record<string, unknown>, headers?: Record<string, string>) => {
      req.resume();
      sendJson(res, status, { error: t(key, vars) }, headers);
    };
    try {
      if (req.method !== "POST") return fail(405, "errors:api.method_not_allowed", undefined, { allow: "POST" });

      // A Bearer token for any client; the kiosk page's httpOnly cookie for same-origin browser requests.
      const auth = await authenticateDeviceRequest(app, req);
      if (!auth.ok) return fail(auth.status, auth.key, undefined, auth.status === 401 ? WWW_AUTHENTICATE : undefined);

      const contentType = req.headers["content-type"] ?? "";
      if (!/^application\/json\b/i.test(contentType)) return fail(415, "errors:api.unsupported_media_type");

      let body: Buffer;
      try {
        body = await readBody(req, MAX_BODY_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return fail(413, "errors:api.too_large", { max: "1 MB" });
        throw error;
      }
      let json: unknown;
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch {
        return fail(400, "errors:api.bad_json");
      }
      const envelope = envelopeSchema.safeParse(json);
      if (!envelope.success || envelope.data.responses.length === 0) {
        return fail(400, "errors:api.bad_envelope", { max: MAX_ITEMS });
      }
      if (envelope.data.responses.length > MAX_ITEMS) return fail(413, "errors:api.too_many_items", { max: MAX_ITEMS });

      const now = app.now();
      await recordDeviceContact(app.db, auth.device, now);
      const outcomes = await ingestResponses(app, auth.device, envelope.data.responses, now);
      sendJson(res, 200, {
        results: outcomes.map((o) => ({
          id: o.id,
          status: o.status,
          ...(o.problems ? { errors: translateProblems(o.problems, t) } : {}),
        })),
      });
    } catch (error) {
      app.log.error({ err: error, path: RESPONSES_PATH }, "ingest failed");
      if (!res.headersSent) fail(503, "errors:api.unavailable", undefined, { "retry-after": "5" });
      else res.destroy();
    }
  };
}
