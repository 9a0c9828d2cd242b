import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ComponentProps } from "react";
import type { PreviewRow } from "~/admin/csv-import.server";
import { adminAct, adminLoad } from "~/admin/route.server";
import { loadWizard, wizardAction } from "~/setup/wizard.server";
import { ApplyForm, CheckedCsv, ImportPreview, ImportUploadForm, valueColumns } from "~/components/admin/bulk-import";
import { AdminForm, Notice, SelectField, Submit, TextField, useSettledActionData } from "~/components/admin/form";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { PairingSheetForm } from "~/components/admin/pairing-sheet-form";
import { formatNumber } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("setup");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadWizard);

export const action = (args: ActionFunctionArgs) => adminAct(args, wizardAction);

const STEPS = ["province", "communes", "desks", "tablets", "done"] as const;

export default function SetupRoute() {
  const d = useLoaderData<typeof loader>();
  const result = useSettledActionData<typeof action>();
  const { t, lang } = useT();
  const preview = result && "preview" in result ? result.preview : undefined;
  const csv = result && "csv" in result ? result.csv : undefined;
  const pasted = result && "pasted" in result ? result.pasted : undefined;
  const per = result && "per" in result ? result.per : undefined;
  const created = result && "created" in result ? result.created : undefined;
  return (
    <div className="admin-page">
      <h1>{t("admin:setup.title")}</h1>
      <Notice />
      <p>{t("admin:setup.intro")}</p>
      <nav aria-label={t("admin:setup.steps")}>
        <ol className="setup-steps">
          {STEPS.map((s) => (
            <li key={s}>
              {d.province ? (
                <Link to={`/admin/setup?step=${s}`} aria-current={s === d.step ? "step" : undefined}>
                  {t(`admin:setup.step.${s}`)}
                </Link>
              ) : (
                <span aria-current={s === d.step ? "step" : undefined}>{t(`admin:setup.step.${s}`)}</span>
              )}
            </li>
          ))}
        </ol>
      </nav>

      {d.step === "province" ? (
        <section className="panel" aria-labelledby="step-title">
          <h2 id="step-title">{t("admin:setup.step.province")}</h2>
          {d.province ? (
            <p>{t("admin:setup.province_done", { name: d.province.name, code: d.province.code })}</p>
          ) : (
            <AdminForm name="province" intent="province">
              <SelectField
                name="province"
                label={t("admin:setup.province")}
                options={d.provinces.map((p) => ({ value: p.code, label: `${p.code} · ${p.name}` }))}
              />
              <Submit>{t("admin:setup.province_submit")}</Submit>
            </AdminForm>
          )}
        </section>
      ) : null}

      {d.step === "communes" ? (
        <section className="panel" aria-labelledby="step-title">
          <h2 id="step-title">{t("admin:setup.step.communes")}</h2>
          <p>{t("admin:setup.communes_intro", { count: formatNumber(d.communes, lang), code: d.province?.code })}</p>
          <ImportUploadForm intent="communes_preview" pasted={pasted} />
          {preview ? (
            <ImportPreview
              titled={false}
              preview={preview}
              summary="admin:setup.summary"
              columns={valueColumns([
                ["code", t("admin:import.columns.code")],
                ["name", t("admin:import.columns.name")],
                ["parent_code", t("admin:import.columns.parent_code")],
              ])}
              apply={
                <ApplyForm
                  intent="communes_apply"
                  label={t("admin:setup.communes_apply", { count: formatNumber(preview.counts.new, lang) })}
                >
                  <CheckedCsv csv={csv} />
                </ApplyForm>
              }
            />
          ) : null}
        </section>
      ) : null}

      {d.step === "desks" ? (
        <section className="panel" aria-labelledby="step-title">
          <h2 id="step-title">{t("admin:setup.step.desks")}</h2>
          <p>{t("admin:setup.desks_intro", { count: formatNumber(d.communesWithoutDesks, lang) })}</p>
          <PerStep
            step="desks"
            per={per}
            defaultPer={2}
            label={t("admin:setup.desks_per")}
            hint={t("admin:setup.desks_hint", { max: d.maxDesks })}
            preview={preview}
            columns={[
              ["unit_code", t("admin:bulk_import.columns.unit_code")],
              ["code", t("admin:bulk_import.columns.code")],
              ["name", t("admin:bulk_import.columns.name")],
            ]}
            applyLabel={(count) => t("admin:setup.desks_apply", { count })}
          />
        </section>
      ) : null}

      {d.step === "tablets" ? (
        <section className="panel" aria-labelledby="step-title">
          <h2 id="step-title">{t("admin:setup.step.tablets")}</h2>
          {created ? (
            <>
              <p role="status">
                {t("admin:bulk_import.tablets.created", { count: formatNumber(created.deviceIds.length, lang) })}
              </p>
              <PairingSheetForm deviceIds={created.deviceIds} validity={d.validity} defaultHours={d.defaultHours} />
            </>
          ) : (
            <>
              <p>{t("admin:setup.tablets_intro", { count: formatNumber(d.desksWithoutTablets, lang) })}</p>
              <PerStep
                step="tablets"
                per={per}
                defaultPer={1}
                label={t("admin:setup.tablets_per")}
                hint={t("admin:setup.tablets_hint", { max: d.maxTablets })}
                preview={preview}
                columns={[
                  ["desk_code", t("admin:bulk_import.columns.desk_code")],
                  ["name", t("admin:bulk_import.columns.name")],
                ]}
                applyLabel={(count) => t("admin:setup.tablets_apply", { count })}
              />
            </>
          )}
        </section>
      ) : null}

      {d.step === "done" ? (
        <section className="panel" aria-labelledby="step-title">
          <h2 id="step-title">{t("admin:setup.step.done")}</h2>
          <p>{t("admin:setup.done")}</p>
          <ul>
            <li>
              <Link to="/admin/users/import">{t("admin:bulk_import.users.tab")}</Link>
            </li>
            <li>
              <Link to="/admin/fleet">{t("admin:fleet.title")}</Link>
            </li>
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/**
 * The desks and tablets steps: how many to make under each commune or desk,
 * the rows that would be made and the button that makes them, the number
 * carried to it in a hidden field.
 */
function PerStep({
  step,
  per,
  defaultPer,
  label,
  hint,
  preview,
  columns,
  applyLabel,
}: {
  step: "desks" | "tablets";
  per: number | undefined;
  defaultPer: number;
  label: string;
  hint: string;
  preview: ComponentProps<typeof ImportPreview<PreviewRow>>["preview"] | undefined;
  columns: readonly (readonly [string, string])[];
  applyLabel: (count: string) => string;
}) {
  const { t, lang } = useT();
  return (
    <>
      <AdminForm name={step} intent={`${step}_preview`}>
        <TextField name="per" type="number" label={label} hint={hint} defaultValue={String(per ?? defaultPer)} />
        <Submit>{t("admin:import.preview")}</Submit>
      </AdminForm>
      {preview ? (
        <ImportPreview
          titled={false}
          preview={preview}
          summary="admin:setup.summary"
          columns={valueColumns(columns)}
          apply={
            <ApplyForm intent={`${step}_apply`} label={applyLabel(formatNumber(preview.counts.new, lang))}>
              <input type="hidden" name="per" value={per} />
            </ApplyForm>
          }
        />
      ) : null}
    </>
  );
}
