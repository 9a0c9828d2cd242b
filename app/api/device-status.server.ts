/**
 * POST /api/v1/devices/status — a tablet reports its outbox (contract in
 * README.md, "Device status API"). Authenticated like the ingest API: a Bearer
 * token, or the kiosk page's device cookie on same-origin requests.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppContext } from "~/context.server";
import { recordStatus } from "~/devices/status.server";
import { apiLanguage, getT } from "~/i18n/i18n.server";
import { translateProblems } from "~/utils/problems";
import { BodyTooLargeError, WWW_AUTHENTICATE, authenticateDeviceRequest, readBody, sendJson } from "./http.server";

export const DEVICE_STATUS_PATH = "/api/v1/devices/status";
export const MAX_STATUS_BYTES = 256 * 1024;

export function createDeviceStatusHandler(app: AppContext) {
  return async function handleDeviceStatus(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t = getT(apiLanguage(req.headers["accept-language"]));
    const fail = (status: number, key: string, vars?: Record<string, unknown>, headers?: Record<string, string>) => {
      req.resume();
      sendJson(res, status, { error: t(key, vars) }, headers);
    };
    try {
      if (req.method !== "POST") return fail(405, "errors:api.method_not_allowed", undefined, { allow: "POST" });
      const auth = await authenticateDeviceRequest(app, req);
      if (!auth.ok) return fail(auth.status, auth.key, undefined, auth.status === 401 ? WWW_AUTHENTICATE : undefined);
      if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
        return fail(415, "errors:api.unsupported_media_type");
      }
      let json: unknown;
      try {
        json = JSON.parse((await readBody(req, MAX_STATUS_BYTES)).toString("utf8"));
      } catch (error) {
        if (error instanceof BodyTooLargeError) return fail(413, "errors:api.too_large", { max: "256 KB" });
        return fail(400, "errors:api.bad_json");
      }
      const now = app.now();
      const recorded = await recordStatus(app, auth.device, json, now);
      if (!recorded.ok) {
        return sendJson(res, 400, {
          error: t("errors:api.bad_status"),
          errors: translateProblems(recorded.problems, t),
        });
      }
      sendJson(res, 200, { receivedAt: now.toISOString() });
    } catch (error) {
      app.log.error({ err: error, path: DEVICE_STATUS_PATH }, "device status failed");
      if (!res.headersSent) fail(503, "errors:api.unavailable", undefined, { "retry-after": "5" });
      else res.destroy();
    }
  };
}
