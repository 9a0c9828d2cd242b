/**
 * POST /api/v1/devices/status — a tablet reports its outbox (contract in
 * docs/api.md). Authenticated like the ingest API: a Bearer
 * token, or the kiosk page's device cookie on same-origin requests.
 */
import type { AppContext } from "~/context";
import { recordStatus } from "~/devices/status.server";
import { translateProblems } from "~/utils/problems";
import { deviceJsonHandler, sendJson } from "./json-endpoints.server";

export const DEVICE_STATUS_PATH = "/api/v1/devices/status";
export const MAX_STATUS_BYTES = 256 * 1024;

export function createDeviceStatusHandler(app: AppContext) {
  return deviceJsonHandler(
    app,
    { path: DEVICE_STATUS_PATH, maxBytes: MAX_STATUS_BYTES, maxLabel: "256 KB" },
    async ({ res, device, json, t }) => {
      const now = app.now();
      const recorded = await recordStatus(app, device, json, now);
      if (!recorded.ok) {
        return sendJson(res, 400, {
          error: t("errors:api.bad_status"),
          errors: translateProblems(recorded.problems, t),
        });
      }
      sendJson(res, 200, { receivedAt: now.toISOString() });
    }
  );
}
