/** /reports: the dashboard. The loader builds the report model; each section is a component of app/components/reports/. */
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction, data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { HeatMapTable } from "~/components/report-tables";
import { DissatisfiedComments } from "~/components/reports/dissatisfied-comments";
import { DossierResults } from "~/components/reports/dossier-results";
import { Downloads } from "~/components/reports/downloads";
import { MonthlyTrend } from "~/components/reports/monthly-trend";
import { QuestionAnswers } from "~/components/reports/question-answers";
import { CaseResults } from "~/components/reports/case-results";
import { PeriodForms } from "~/components/reports/period-forms";
import { RatesSection } from "~/components/reports/rates-section";
import { OfficerSection } from "~/components/reports/officer-section";
import { RatesSummary } from "~/components/reports/rates-summary";
import { ReportHeading } from "~/components/reports/report-heading";
import { UnitComparison } from "~/components/reports/unit-comparison";
import { requireUser } from "~/auth/session.server";
import { pageLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { loadDashboard } from "~/reports/dashboard.server";
import type { RouteHandle } from "~/root";
import reportStyles from "~/styles/reports.css";

// Every control is a link or a plain form, and the data is large: the document alone (ADR 064).
export const handle: RouteHandle = { hydrate: false };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];
export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "reports") }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.app, request);
  const { status, ...body } = await loadDashboard(context.app, user, new URL(request.url), await pageLanguage(request));
  return data(body, { status });
}

/** The unit table's and the officer section's state in the URL: each section's links keep the other's. */
function sectionStates(report: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["report"]>) {
  const { units, officers } = report;
  const unitState: Record<string, string> = {
    ...(units.sort === "order" && !units.descending
      ? {}
      : { sort: units.sort, dir: units.descending ? "desc" : "asc" }),
    ...(units.search ? { uq: units.search } : {}),
    ...(units.page > 1 ? { upage: String(units.page) } : {}),
  };
  const officerState: Record<string, string> = officers
    ? {
        ...(officers.search ? { oq: officers.search } : {}),
        ...(officers.page > 1 ? { opage: String(officers.page) } : {}),
      }
    : {};
  return { unitState, officerState };
}

export default function ReportsRoute() {
  const { form, errors, shortcuts, report } = useLoaderData<typeof loader>();
  const { t } = useT();
  const states = report ? sectionStates(report) : null;
  return (
    <div className="reports">
      <h1>{t("reports:title")}</h1>
      {report ? <ReportHeading scope={report.scope} period={report.period} linkParams={report.linkParams} /> : null}
      <PeriodForms
        form={form}
        errors={errors}
        shortcuts={shortcuts}
        current={report?.period}
        unit={report ? (report.linkParams.unit ?? "") : form.unit}
        channel={report ? (report.channel?.code ?? "") : form.channel}
      />
      {report ? (
        <>
          <Downloads linkParams={report.linkParams} today={report.today} />
          {report.channel ? (
            <p className="note" role="status">
              {t("reports:channels.filtered", { channel: report.channel.label })}
            </p>
          ) : null}
          <RatesSummary total={report.total} targets={report.targets} context={report.targetContext} />
          <RatesSection
            by="level"
            groups={report.levels.groups}
            total={report.total}
            totalLabel={report.levels.allLabel}
            caption={report.levels.caption}
          />
          <MonthlyTrend months={report.months} total={report.total} targets={report.targets} />
          <UnitComparison
            units={report.units}
            total={report.total}
            targets={report.targets}
            linkParams={{ ...report.linkParams, ...states?.officerState }}
          />
          <RatesSection by="channel" groups={report.channels.groups} total={report.channels.total} />
          {report.fields ? <RatesSection by="field" groups={report.fields} total={report.total} /> : null}
          {report.officers ? (
            <OfficerSection
              officers={report.officers}
              minSample={report.targets.minSample}
              linkParams={report.linkParams}
              kept={states?.unitState ?? {}}
            />
          ) : null}
          <QuestionAnswers questions={report.questions} by={report.questionsBy} linkParams={report.linkParams} />
          <CaseResults cases={report.cases} />
          <DossierResults section={report.dossiers} />
          {report.heat ? (
            <section aria-labelledby="heat-title">
              <h2 id="heat-title">{t("reports:heat.title")}</h2>
              <HeatMapTable grid={report.heat} caption={t("reports:heat.table")} />
            </section>
          ) : null}
          <DissatisfiedComments comments={report.comments} linkParams={report.linkParams} />
          <p className="note">{t("reports:rates_note", { minSample: report.targets.minSample })}</p>
        </>
      ) : null}
    </div>
  );
}
