/**
 * Reviewing the responses the spam rule flagged (app/ingest/spam.server.ts):
 * a manager, within their unit subtree, counts them after all ("accepted":
 * suspect → 0, rollups moved) or keeps them excluded ("kept"). Every decision
 * is audited; a decision may be changed later, and is audited again. Nothing
 * is deleted.
 */
import { z } from "zod";
import { recordAudit } from "~db/repositories/audit";
import { findFlaggedResponses, markResponses } from "~db/repositories/suspects";
import { requireRole, scopeUnitIds } from "~/auth/authorize.server";
import { dueOnFor } from "~db/repositories/case-deadlines";
import { localDateOf } from "~/domain/time";
import type { CurrentUser } from "~/auth/session.server";
import type { AppContext } from "~/context";
import type { SuspectReview } from "~/domain/response";
import { getT, pageLanguage } from "~/i18n/i18n.server";
import { ADMIN_FORM_BYTES, readFormData } from "~/utils/body.server";
import { validate } from "~/utils/problems";

export const REVIEWERS = ["admin", "manager"] as const;
/** The most responses one decision takes: the review list's largest page (HEAVY_PAGE_SIZES, app/admin/list-query.server.ts). */
export const DECISION_MAX = 100;

const decisionForm = z.object({
  decision: z.enum(["accepted", "kept"]),
  id: z.array(z.uuid()).min(1).max(DECISION_MAX),
});

/** Applies a manager's decision to flagged responses in their scope; returns a message or the form's error. */
export async function decideSuspects(app: AppContext, user: CurrentUser, request: Request) {
  requireRole(user, REVIEWERS);
  const t = getT(await pageLanguage(request));
  const form = await readFormData(request, ADMIN_FORM_BYTES);
  const parsed = validate(decisionForm, { decision: form.get("decision"), id: form.getAll("id") });
  if (!parsed.ok) return { status: 400, error: t("admin:suspects.choose_first"), message: null };
  const { decision, id: ids } = parsed.data;
  const unitIds = await scopeUnitIds(app, user);
  const changed = await applyDecision(app, user, ids, decision, unitIds);
  const key = decision === "accepted" ? "admin:suspects.done_accepted" : "admin:suspects.done_kept";
  return { status: 200, error: null, message: t(key, { count: changed }) };
}

/** In one transaction: flags, rollups and one audit entry per response. Responses out of scope are skipped. */
export async function applyDecision(
  app: AppContext,
  user: CurrentUser,
  ids: readonly string[],
  decision: SuspectReview,
  unitIds: number[] | undefined
): Promise<number> {
  if (unitIds?.length === 0) return 0;
  const suspect = decision === "accepted" ? 0 : 1;
  const now = app.now();
  const at = now.toISOString();
  return app.db.transaction().execute(async (trx) => {
    const rows = await findFlaggedResponses(trx, ids, unitIds);
    // A harassment response counted after all opens its case now.
    const dueOn = suspect === 0 && rows.some((r) => r.harassment === 1) ? await dueOnFor(trx, localDateOf(now)) : null;
    await markResponses(trx, rows, { suspect, review: decision }, { at, userId: user.id, dueOn });
    for (const r of rows) {
      await recordAudit(trx, { id: user.id, username: user.username }, now, {
        action: decision === "accepted" ? "suspect.accept" : "suspect.keep",
        entity: "response",
        entityId: r.id,
        unitId: r.unitId,
        before: { suspect: r.suspect, review: r.suspectReview, reason: r.suspectReason },
        after: { suspect, review: decision, reason: r.suspectReason },
      });
    }
    return rows.length;
  });
}
