import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { adminAct, adminLoad } from "~/admin/route.server";
import { loadSettings, settingsAction } from "~/admin/settings.server";
import { AdminForm, Notice, RadioGroup, Submit, TextField } from "~/components/admin/form";
import { AdminTable } from "~/components/admin/admin-table";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { formatNumber, formatPercent } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("settings");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadSettings);

export const action = (args: ActionFunctionArgs) => adminAct(args, settingsAction);

/** A fraction as the percentage people type: 0.925 → "92,5" (vi). */
function percentInput(fraction: number, lang: "vi" | "en"): string {
  const value = Math.round(fraction * 100000) / 1000;
  return lang === "vi" ? String(value).replace(".", ",") : String(value);
}

export default function SettingsRoute() {
  const d = useLoaderData<typeof loader>();
  const { t, lang } = useT();
  const e = d.editing;
  return (
    <div className="admin-page">
      <h1>{t("admin:settings.title")}</h1>
      <Notice />
      <section aria-labelledby="targets-title">
        <h2 id="targets-title">{t("admin:settings.targets")}</h2>
        <p>
          {t("admin:settings.targets_intro", {
            satisfaction: formatPercent(d.defaults.satisfaction, lang, 0),
            harassment: formatPercent(d.defaults.harassment, lang, 0),
            minSample: d.defaults.minSample,
          })}
        </p>
        {d.targets.length === 0 ? (
          <p className="empty">{t("admin:settings.no_targets")}</p>
        ) : (
          <AdminTable
            caption={t("admin:settings.targets_list")}
            headers={[
              t("admin:settings.year"),
              t("admin:settings.satisfaction"),
              t("admin:settings.harassment"),
              t("admin:settings.on_time"),
              t("admin:settings.min_sample"),
              t("admin:actions"),
            ]}
          >
            {d.targets.map((row) => (
              <tr key={row.year}>
                <td>{row.year}</td>
                <td>{t("rates.target_above", { target: formatPercent(row.satisfaction, lang) })}</td>
                <td>{t("rates.target_below", { target: formatPercent(row.harassment, lang) })}</td>
                <td>{t("rates.target_at_least", { target: formatPercent(row.onTime, lang) })}</td>
                <td>{formatNumber(row.minSample, lang)}</td>
                <td>
                  <Link to={`?year=${row.year}`}>{t("admin:edit")}</Link>
                </td>
              </tr>
            ))}
          </AdminTable>
        )}
        <div className="panel">
          <h3>{t("admin:settings.edit_year", { year: d.year })}</h3>
          <AdminForm name="targets" intent="targets" className="admin-form grid">
            <TextField name="year" label={t("admin:settings.year")} defaultValue={d.year} inputMode="numeric" />
            <TextField
              name="satisfaction"
              label={t("admin:settings.satisfaction_percent")}
              hint={t("admin:settings.satisfaction_hint")}
              defaultValue={percentInput(e.satisfaction, lang)}
              inputMode="decimal"
            />
            <TextField
              name="harassment"
              label={t("admin:settings.harassment_percent")}
              hint={t("admin:settings.harassment_hint")}
              defaultValue={percentInput(e.harassment, lang)}
              inputMode="decimal"
            />
            <TextField
              name="on_time"
              label={t("admin:settings.on_time_percent")}
              hint={t("admin:settings.on_time_hint")}
              defaultValue={percentInput(e.onTime, lang)}
              inputMode="decimal"
            />
            <TextField
              name="min_sample"
              label={t("admin:settings.min_sample")}
              hint={t("admin:settings.min_sample_hint")}
              defaultValue={e.minSample}
              inputMode="numeric"
            />
            <TextField
              name="resolution"
              label={t("admin:settings.resolution")}
              hint={t("admin:settings.resolution_hint")}
              defaultValue={e.resolution ?? ""}
            />
            <Submit>{t("admin:save")}</Submit>
          </AdminForm>
        </div>
      </section>
      <section className="panel" aria-labelledby="baselines-title">
        <h2 id="baselines-title">{t("admin:settings.baselines")}</h2>
        <p>{t("admin:settings.baselines_intro")}</p>
        {d.baselines.length === 0 ? (
          <p className="empty">{t("admin:settings.no_baselines")}</p>
        ) : (
          <AdminTable
            caption={t("admin:settings.baselines_list")}
            headers={[
              t("admin:settings.year"),
              t("admin:settings.satisfaction"),
              t("admin:settings.harassment"),
              t("admin:settings.on_time"),
              t("admin:settings.source"),
              t("admin:actions"),
            ]}
          >
            {d.baselines.map((b) => (
              <tr key={b.year}>
                <td>{b.year}</td>
                <td>{formatPercent(b.satisfaction, lang)}</td>
                <td>{formatPercent(b.harassment, lang)}</td>
                <td>{formatPercent(b.onTime, lang)}</td>
                <td>{b.source ?? ""}</td>
                <td>
                  <AdminForm name={`baseline-delete-${b.year}`} intent="baseline_delete">
                    <input type="hidden" name="year" value={b.year} />
                    <Submit>{t("admin:settings.delete")}</Submit>
                  </AdminForm>
                </td>
              </tr>
            ))}
          </AdminTable>
        )}
        <h3>{t("admin:settings.baseline_add")}</h3>
        <AdminForm name="baseline" intent="baseline" className="admin-form grid">
          <TextField name="year" label={t("admin:settings.year")} inputMode="numeric" />
          <TextField name="satisfaction" label={t("admin:settings.satisfaction_percent")} inputMode="decimal" />
          <TextField name="harassment" label={t("admin:settings.harassment_percent")} inputMode="decimal" />
          <TextField
            name="on_time"
            label={t("admin:settings.on_time_percent")}
            hint={t("admin:settings.baseline_on_time_hint")}
            inputMode="decimal"
          />
          <TextField name="source" label={t("admin:settings.source")} hint={t("admin:settings.source_hint")} />
          <Submit>{t("admin:save")}</Submit>
        </AdminForm>
      </section>
      <section className="panel" aria-labelledby="province-title">
        <h2 id="province-title">{t("admin:settings.province_name")}</h2>
        <p className="field-hint">{t("admin:settings.province_name_hint")}</p>
        <AdminForm name="province" intent="province">
          <TextField name="province_name" label={t("admin:settings.province_name")} defaultValue={d.province.value} />
          <Submit>{t("admin:save")}</Submit>
        </AdminForm>
      </section>
      <section className="panel" aria-labelledby="case-settings-title">
        <h2 id="case-settings-title">{t("admin:settings.cases")}</h2>
        <p className="field-hint">{t("admin:settings.cases_intro")}</p>
        <AdminForm name="cases" intent="cases">
          <TextField
            name="case_deadline_working_days"
            label={t("admin:settings.case_deadline_days")}
            hint={t("admin:settings.case_deadline_days_hint", { max: d.cases.maxDeadlineDays })}
            defaultValue={d.cases.deadlineDays}
            inputMode="numeric"
          />
          <TextField
            name="case_contact_retention_days"
            label={t("admin:settings.case_contact_days")}
            hint={t("admin:settings.case_contact_days_hint", { max: formatNumber(d.cases.maxContactDays, lang) })}
            defaultValue={d.cases.contactDays}
            inputMode="numeric"
          />
          <Submit>{t("admin:save")}</Submit>
        </AdminForm>
      </section>
      <section className="panel" aria-labelledby="public-results-title">
        <h2 id="public-results-title">{t("admin:public_results.title")}</h2>
        <p className="field-hint">{t("admin:public_results.intro")}</p>
        {d.publicResults ? (
          <p>
            <Link to="/cong-khai" reloadDocument>
              {t("admin:public_results.open")}
            </Link>
          </p>
        ) : null}
        <AdminForm name="public_results" intent="public_results">
          <RadioGroup
            name="public_results"
            legend={t("admin:public_results.legend")}
            defaultValue={d.publicResults ? "on" : "off"}
            options={[
              { value: "on", label: t("admin:public_results.on") },
              { value: "off", label: t("admin:public_results.off") },
            ]}
          />
          <Submit>{t("admin:save")}</Submit>
        </AdminForm>
      </section>
      <section className="panel" aria-labelledby="evaluation-link-title">
        <h2 id="evaluation-link-title">{t("admin:settings.evaluation_link_title")}</h2>
        <p className="field-hint">{t("admin:settings.evaluation_link_intro")}</p>
        <AdminForm name="evaluation_link" intent="evaluation_link">
          <TextField
            name="evaluation_link_days"
            inputMode="numeric"
            label={t("admin:settings.evaluation_link_days")}
            defaultValue={String(d.evaluationLinkDays)}
          />
          <Submit>{t("admin:save")}</Submit>
        </AdminForm>
      </section>
    </div>
  );
}
