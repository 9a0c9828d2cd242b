/**
 * The report's downloads (XLSX, PDF, CSV) and its JSON, for the period and unit
 * shown; and the signable document (DOCX, PDF) with this report's number, date,
 * recipients and signer — a plain GET form, so it works with JavaScript off.
 * Empty fields take the unit's settings (/admin/units), else its level's defaults.
 */
import { AUTHORITY_CHOICES } from "~/reports/signing";
import { useT } from "~/i18n/react";

export function Downloads({ linkParams, today }: { linkParams: Record<string, string>; today: string }) {
  const { t } = useT();
  // The signed documents (XLSX, PDF, DOCX) cover every channel; the CSV keeps the channel chosen (ADR 055).
  const { channel: _channel, ...documentParams } = linkParams;
  const query = (extra: Record<string, string>, params = documentParams) =>
    new URLSearchParams({ ...params, ...extra }).toString();
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
          <a href={`/reports/download?${query({ format: "docx" })}`} className="button" download>
            {t("reports:document_form.docx")}
          </a>
        </li>
        <li>
          <a href={`/reports/download?${query({ format: "csv", by: "unit" }, linkParams)}`} className="button" download>
            {t("reports:downloads.csv")}
          </a>
        </li>
        <li>
          <a href={`/api/v1/reports/rates?${query({ by: "unit" })}`} className="button">
            {t("reports:downloads.json")}
          </a>
        </li>
      </ul>
      <details className="document-form">
        <summary>{t("reports:document_form.title")}</summary>
        <form method="get" action="/reports/download">
          {Object.entries(documentParams).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <p className="field-hint">{t("reports:document_form.hint")}</p>
          <div className="document-fields">
            <label>
              {t("reports:document_form.number")}
              <input name="number" maxLength={40} placeholder="12/BC-SNV" />
            </label>
            <label>
              {t("reports:document_form.issued")}
              <input name="issued" type="date" defaultValue={today} required />
            </label>
            <label>
              {t("reports:document_form.issuer")}
              <select name="issuer" defaultValue="">
                <option value="">{t("reports:document_form.unit_setting")}</option>
                <option value="department">{t("reports:document_form.issuers.department")}</option>
                <option value="office">{t("reports:document_form.issuers.office")}</option>
              </select>
            </label>
            <label>
              {t("reports:document_form.authority")}
              <select name="authority" defaultValue="">
                <option value="">{t("reports:document_form.unit_setting")}</option>
                {AUTHORITY_CHOICES.map((a) => (
                  <option key={a} value={a}>
                    {t(`reports:document_form.authorities.${a}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("reports:document_form.principal")}
              <input name="principal" maxLength={80} placeholder={t("reports:document_form.principal_example")} />
            </label>
            <label>
              {t("reports:document_form.signer_title")}
              <input name="signer_title" maxLength={80} placeholder={t("reports:document_form.signer_title_example")} />
            </label>
            <label>
              {t("reports:document_form.signer_name")}
              <input name="signer_name" maxLength={80} />
            </label>
            <label className="wide">
              {t("reports:document_form.recipients")}
              <textarea name="recipients" rows={4} placeholder={t("reports:document_form.recipients_example")} />
            </label>
          </div>
          <p className="document-actions">
            <button type="submit" name="format" value="docx" className="button primary">
              {t("reports:document_form.submit_docx")}
            </button>
            <button type="submit" name="format" value="pdf" className="button">
              {t("reports:document_form.submit_pdf")}
            </button>
          </p>
        </form>
      </details>
    </section>
  );
}
