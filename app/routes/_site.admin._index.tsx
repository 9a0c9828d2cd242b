import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { RateCard } from "~/components/rate-card";
import { formatDate, formatNumber } from "~/utils/format";
import { adminMeta } from "~/components/admin/links";
import { useT } from "~/i18n/react";
import { requireUser } from "~/auth/session.server";
import { loadOverview } from "~/reports/overview.server";
import { publicResultsEnabled } from "~/reports/public-results.server";
import { pageLanguage } from "~/i18n/i18n.server";
import { bundlesFor } from "~/i18n/resources.server";

export const meta = adminMeta("overview");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.app, request);
  return {
    ...(await loadOverview(context.app, user)),
    user: { username: user.username, role: user.role },
    publicResults: await publicResultsEnabled(context.app.db),
    i18n: bundlesFor(await pageLanguage(request), ["public"]),
  };
}

type Overview = ReturnType<typeof useLoaderData<typeof loader>>;

function PeriodSection({
  title,
  summary,
  targets,
}: {
  title: string;
  summary: Overview["day"];
  targets: Overview["targets"];
}) {
  const { t, lang } = useT();
  return (
    <section className="period" aria-label={title}>
      <h2>{title}</h2>
      <p className="period-count">
        {t("admin:overview.responses")}: <strong>{formatNumber(summary.counts.total, lang)}</strong>
        {summary.counts.suspect > 0 ? (
          <> · {t("rates.suspect_excluded", { count: formatNumber(summary.counts.suspect, lang) })}</>
        ) : null}
      </p>
      {summary.counts.total === 0 ? <p>{t("admin:overview.no_responses")}</p> : null}
      <div className="rate-cards">
        <RateCard kind="satisfaction" rate={summary.rates.satisfaction} targets={targets} />
        <RateCard kind="harassment" rate={summary.rates.harassment} targets={targets} />
      </div>
    </section>
  );
}

export default function OverviewRoute() {
  const data = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <>
      <h1>{t("admin:overview.title")}</h1>
      <p className="scope">
        {data.unit
          ? t("admin:overview.scope", { unit: `${data.unit.name} (${data.unit.code})` })
          : t("admin:overview.scope_all")}
        {" · "}
        {t("admin:overview.signed_in_as", { username: data.user.username, role: t(`admin:roles.${data.user.role}`) })}
      </p>
      <PeriodSection
        title={t("admin:overview.today", { date: formatDate(data.today) })}
        summary={data.day}
        targets={data.targets}
      />
      <PeriodSection
        title={t("admin:overview.month", { month: `${data.today.slice(5, 7)}/${data.today.slice(0, 4)}` })}
        summary={data.month}
        targets={data.targets}
      />
      <p className="note">{t("admin:overview.rates_note", { minSample: data.targets.minSample })}</p>
      {data.publicResults ? (
        <p>
          <a href="/cong-khai">{t("public:link_admin")}</a>
        </p>
      ) : null}
    </>
  );
}
