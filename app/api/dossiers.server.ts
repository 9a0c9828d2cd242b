/**
 * The dossier API for the one-stop system (contract in docs/api.md; ADR 052):
 *
 * - POST /api/v1/dossiers — `{"events": [1..500]}` of received / returned /
 *   withdrawn / cancelled; a result per event, in order.
 * - GET /api/v1/dossiers/:code/evaluation-link — the link (and its QR code) the
 *   system prints on the receipt.
 *
 * Only a system token opens them (Bearer; no cookie), and a system token opens
 * nothing else. Plain Node handlers like the ingest API: the same limits,
 * status codes and translated errors.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { findDossierByCode } from "~db/repositories/dossiers";
import type { SystemListing } from "~db/repositories/systems";
import type { AppContext } from "~/context";
import { dossierCodeOrNull } from "~/domain/dossier-code";
import { recordDossierEvents } from "~/dossiers/events.server";
import { evaluationLink, evaluationQrSvg, readEvaluationLinkDays } from "~/dossiers/links.server";
import { authenticateSystem } from "~/dossiers/systems.server";
import { apiLanguage, getT } from "~/i18n/i18n.server";
import { translateProblems } from "~/utils/problems";
import { webRequest } from "~/utils/web-request.server";
import { type RequestAuth, WWW_AUTHENTICATE, bearerToken, jsonPostHandler, sendJson } from "./json-endpoints.server";

export const DOSSIERS_PATH = "/api/v1/dossiers";
export const EVALUATION_LINK_PATH = "/api/v1/dossiers/:code/evaluation-link";
export const MAX_EVENTS = 500;
export const MAX_DOSSIER_BODY_BYTES = 1024 * 1024;

const EVALUATION_LINK = /^\/api\/v1\/dossiers\/([^/]+)\/evaluation-link$/;

const envelopeSchema = z.object({ events: z.array(z.unknown()) });

async function authenticate(app: AppContext, req: IncomingMessage): Promise<RequestAuth<SystemListing>> {
  const system = await authenticateSystem(app.db, bearerToken(req), app.now());
  return system ? { ok: true, identity: system } : { ok: false, status: 401, key: "errors:api.system_unauthorized" };
}

/** Where links point: PUBLIC_URL, else the origin the request reached (a trusted proxy's forwarded one). */
function publicOrigin(app: AppContext, req: IncomingMessage): string {
  if (app.config.publicUrl) return new URL(app.config.publicUrl).origin;
  try {
    return new URL(webRequest(req, app.config).url).origin;
  } catch {
    // A Host header that is no host: the link still names this installation's path.
    return "http://localhost";
  }
}

export function createDossiersHandler(app: AppContext) {
  return jsonPostHandler(
    app,
    { path: DOSSIERS_PATH, maxBytes: MAX_DOSSIER_BODY_BYTES, maxLabel: "1 MB" },
    (req) => authenticate(app, req),
    async ({ req, res, identity, json, t, fail }) => {
      const envelope = envelopeSchema.safeParse(json);
      if (!envelope.success || envelope.data.events.length === 0) {
        return fail(400, "errors:api.bad_dossier_envelope", { max: MAX_EVENTS });
      }
      if (envelope.data.events.length > MAX_EVENTS) return fail(413, "errors:api.too_many_events", { max: MAX_EVENTS });
      const outcomes = await recordDossierEvents(app.db, envelope.data.events, {
        systemId: identity.id,
        now: app.now(),
        origin: publicOrigin(app, req),
      });
      sendJson(res, 200, {
        results: outcomes.map((o) => ({
          dossierCode: o.dossierCode,
          status: o.status,
          ...(o.problems ? { errors: translateProblems(o.problems, t) } : {}),
        })),
      });
    }
  );
}

export function createEvaluationLinkHandler(app: AppContext) {
  return async function handleEvaluationLink(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t = getT(apiLanguage(req.headers["accept-language"]));
    const fail = (status: number, key: string, headers: Record<string, string> = {}) => {
      req.resume();
      sendJson(res, status, { error: t(key) }, headers);
    };
    try {
      if (req.method !== "GET") return fail(405, "errors:api.method_not_allowed", { allow: "GET" });
      const auth = await authenticate(app, req);
      if (!auth.ok) return fail(401, auth.key, WWW_AUTHENTICATE);
      const match = EVALUATION_LINK.exec((req.url ?? "").split("?", 1)[0]);
      let raw = "";
      try {
        raw = decodeURIComponent(match?.[1] ?? "");
      } catch {
        raw = "";
      }
      const code = dossierCodeOrNull(raw);
      const dossier = code === null ? undefined : await findDossierByCode(app.db, code);
      // Valid from reception: a dossier only heard of by its return is not one the link may name yet.
      if (!dossier || dossier.receivedAt === null) return fail(404, "errors:api.dossier_not_found");
      // A withdrawn or cancelled dossier will never be rated: its page answers 410, and so does its link (ADR 054).
      if (dossier.endKind === "withdrawn" || dossier.endKind === "cancelled")
        return fail(410, "errors:api.dossier_link_gone");
      const link = evaluationLink(publicOrigin(app, req), dossier, await readEvaluationLinkDays(app.db));
      // Past its days the page answers 410: a link printed now would never open a survey.
      if (link.expiresAt !== null && app.now().getTime() > Date.parse(link.expiresAt))
        return fail(410, "errors:api.dossier_link_expired");
      sendJson(res, 200, { ...link, qrSvg: await evaluationQrSvg(link.url) });
    } catch (error) {
      app.log.error({ err: error, path: EVALUATION_LINK_PATH }, "API request failed");
      if (!res.headersSent) fail(503, "errors:api.unavailable", { "retry-after": "5" });
      else res.destroy();
    }
  };
}

/** Whether a path is an evaluation-link request (for the API router). */
export function isEvaluationLinkPath(path: string): boolean {
  return EVALUATION_LINK.test(path);
}
