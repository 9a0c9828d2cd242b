/** Where the report stands: the scope's ancestors as links, and the scope and period in words. */
import { Link } from "@remix-run/react";
import { reportHref } from "~/components/report-tables";
import { formatDate } from "~/utils/format";
import { useT } from "~/i18n/react";

export function ReportHeading({
  scope,
  period,
  linkParams,
}: {
  scope: { name: string; ancestors: readonly { code: string; name: string }[] };
  period: { label: string; from: string; to: string };
  linkParams: Record<string, string>;
}) {
  const { t } = useT();
  return (
    <>
      <nav aria-label={t("reports:crumbs")} className="crumbs">
        <ol>
          {scope.ancestors.map((a) => (
            <li key={a.code}>
              <Link to={reportHref(linkParams, { unit: a.code })}>{a.name}</Link>
            </li>
          ))}
          <li aria-current="page">{scope.name}</li>
        </ol>
      </nav>
      <p className="report-heading">
        {t("reports:heading", {
          scope: scope.name,
          period: period.label,
          from: formatDate(period.from),
          to: formatDate(period.to),
        })}
      </p>
    </>
  );
}
