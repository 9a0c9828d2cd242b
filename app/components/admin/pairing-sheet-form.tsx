/**
 * Prints the pairing sheet (ADR 060) of the tablets just created: a plain
 * form posting to the sheet's resource route, so the browser downloads the
 * PDF whether JavaScript is on or off. Each print issues new codes.
 */
import { formatNumber } from "~/utils/format";
import { useT } from "~/i18n/react";

export function PairingSheetForm({
  deviceIds,
  validity,
  defaultHours = 72,
}: {
  deviceIds: readonly number[];
  validity: readonly number[];
  defaultHours?: number;
}) {
  const { t, lang } = useT();
  return (
    <form method="post" action="/admin/devices/pairing-sheet" className="admin-form">
      <input type="hidden" name="devices" value={deviceIds.join(",")} />
      <div className="field">
        <label htmlFor="sheet-hours">{t("admin:pairing_sheet.validity")}</label>
        <select id="sheet-hours" name="hours" defaultValue={String(defaultHours)} aria-describedby="sheet-hours-hint">
          {validity.map((h) => (
            <option key={h} value={h}>
              {t(`admin:pairing_sheet.validity_options.h${h}`)}
            </option>
          ))}
        </select>
        <span id="sheet-hours-hint" className="field-hint">
          {t("admin:pairing_sheet.hint")}
        </span>
      </div>
      <button type="submit" className="button primary">
        {t("admin:pairing_sheet.print", { count: deviceIds.length, n: formatNumber(deviceIds.length, lang) })}
      </button>
    </form>
  );
}
