/**
 * POST /api/v1/responses — the ingest API (contract in docs/api.md).
 *
 * A plain Node handler rather than a Remix resource route: every tablet's
 * answers pass through it, and the Remix request pipeline costs ~20× a bare
 * handler on this path (see `npm run bench`).
 */
import { z } from "zod";
import type { AppContext } from "~/context";
import { ingestResponses } from "~/ingest/ingest.server";
import { translateProblems } from "~/utils/problems";
import { deviceJsonHandler, sendJson } from "./json-endpoints.server";

export const RESPONSES_PATH = "/api/v1/responses";
export const MAX_ITEMS = 500;
export const MAX_BODY_BYTES = 1024 * 1024;

const envelopeSchema = z.object({ responses: z.array(z.unknown()) });

export function createResponsesHandler(app: AppContext) {
  return deviceJsonHandler(
    app,
    { path: RESPONSES_PATH, maxBytes: MAX_BODY_BYTES, maxLabel: "1 MB" },
    async ({ res, device, json, t, fail }) => {
      const envelope = envelopeSchema.safeParse(json);
      if (!envelope.success || envelope.data.responses.length === 0) {
        return fail(400, "errors:api.bad_envelope", { max: MAX_ITEMS });
      }
      if (envelope.data.responses.length > MAX_ITEMS) return fail(413, "errors:api.too_many_items", { max: MAX_ITEMS });

      const now = app.now();
      const outcomes = await ingestResponses(app, device, envelope.data.responses, now);
      sendJson(res, 200, {
        results: outcomes.map((o) => ({
          id: o.id,
          status: o.status,
          ...(o.problems ? { errors: translateProblems(o.problems, t) } : {}),
        })),
      });
    }
  );
}
