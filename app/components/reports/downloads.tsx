/** The report's downloads (XLSX, PDF, CSV) and its JSON, for the period and unit shown. */
import { useT } from "~/i18n/react";

export function Downloads({ linkParams }: { linkParams: Record<string, string> }) {
  const { t } = useT();
  const query = (extra: Record<string, string>) => new URLSearchParams({ ...linkParams, ...extra }).toString();
  return (
    <section className="downloads" aria-labelledby="downloads-title">
      <h2 id="downloads-title">{t("reports:downloads.title")}</h2>
      <ul>
        <li>
          <a href={`/reports/download?${query({ format: "xlsx" })}`} className="button primary" download>
            {t("reports:downloads.xlsx")}
          </a>
        </li>
        <li>
          <a href={`/reports/download?${query({ format: "pdf" })}`} className="button" download>
            {t("reports:downloads.pdf")}
          </a>
        </li>
        <li>
          <a href={`/reports/download?${query({ format: "csv", by: "unit" })}`} className="button" download>
            {t("reports:downloads.csv")}
          </a>
        </li>
        <li>
          <a href={`/api/v1/reports/rates?${query({ by: "unit" })}`} className="button">
            {t("reports:downloads.json")}
          </a>
        </li>
      </ul>
    </section>
  );
}
