/**
 * The suspect responses' review list (a server-side list, ADR 058): flagged
 * responses in the reviewer's scope or the chosen unit's subtree, by review
 * state and the rule's reason, searched by desk, unit or tablet, sorted and
 * paged; the same filter as CSV. The decisions are app/suspects/suspects.server.ts.
 */
import { type SuspectSort, pageSuspects } from "~db/repositories/list-pages";
import type { AppContext } from "~/context";
import { SUSPECT_REASONS } from "~/domain/response";
import { REVIEWERS } from "~/suspects/suspects.server";
import { type Staff, requireStaff } from "./access.server";
import { HEAVY_PAGE_SIZES, listCsv, listView, parseChoice, parseListParams, unitFilter } from "./list-query.server";

export const SUSPECT_SORTS = ["at", "unit"] as const satisfies readonly SuspectSort[];
/** What the review filter shows: pending (the default), either decision, one of them, or everything flagged. */
export const SUSPECT_SHOWS = ["pending", "reviewed", "accepted", "kept", "all"] as const;
export type SuspectShow = (typeof SUSPECT_SHOWS)[number];

/** The suspects list's filter from the URL (400 on a value the page does not offer), in the reviewer's scope. */
async function suspectFilter(app: AppContext, staff: Staff, request: Request) {
  const url = new URL(request.url);
  const params = parseListParams(url, SUSPECT_SORTS, { dir: "desc", sizes: HEAVY_PAGE_SIZES });
  const show: SuspectShow = parseChoice(url, "show", SUSPECT_SHOWS) ?? "pending";
  const reason = parseChoice(url, "reason", SUSPECT_REASONS);
  const { unitIds, picker } = await unitFilter(app, staff, params);
  const filter = { unitIds, review: show === "all" ? undefined : show, reason, q: params.q };
  return { url, params, show, reason, picker, filter };
}

export async function loadSuspects(app: AppContext, request: Request) {
  const staff = await requireStaff(app, request, REVIEWERS);
  const { url, params, show, reason, picker, filter } = await suspectFilter(app, staff, request);
  const page = await pageSuspects(app.db, filter, params);
  const rule = await app.catalog.spamRule();
  return {
    rule: { seconds: rule.minIntervalMs / 1000, minutes: rule.windowMs / 60_000, max: rule.windowMax },
    show,
    shows: SUSPECT_SHOWS,
    reason: reason ?? null,
    reasons: SUSPECT_REASONS,
    list: listView(params, SUSPECT_SORTS, page),
    picker,
    selectAll: url.searchParams.get("select") === "all",
    items: page.rows,
  };
}

/**
 * Every flagged response of the filter, as CSV: when, where, the rating and
 * the answer's reasons, why it was flagged and its review. Not the citizen's
 * comment: it stays on the review page, where it is needed to decide.
 */
export async function suspectsCsv(app: AppContext, request: Request): Promise<Response> {
  const staff = await requireStaff(app, request, REVIEWERS);
  const { params, filter } = await suspectFilter(app, staff, request);
  const t = staff.t;
  return listCsv(
    "phieu-nghi-ngo.csv",
    [
      t("admin:suspects.at"),
      t("admin:suspects.desk_code"),
      t("admin:suspects.desk"),
      t("admin:suspects.unit_code"),
      t("admin:suspects.unit"),
      t("admin:suspects.tablet"),
      t("admin:suspects.rating"),
      t("admin:suspects.answer_reasons"),
      t("admin:suspects.why"),
      t("admin:suspects.status"),
    ],
    params,
    (req) => pageSuspects(app.db, filter, req),
    (r) => [
      r.at,
      r.deskCode,
      r.deskName,
      r.unitCode,
      r.unitName,
      r.deviceName,
      t(`ratings.${r.rating}`),
      r.reasons.map((x) => t(`reasons.${x}`)).join("; "),
      r.reason ? t(`admin:suspects.reason_${r.reason}`) : null,
      r.review ? t(`admin:suspects.review_${r.review}`) : t("admin:suspects.review_none"),
    ]
  );
}
