import { formatDate } from "~/utils/format";
import { useT } from "~/i18n/react";

/** "từ 01/07/2025 · đến 30/06/2025", or nothing for a unit valid without limits. */
export function Validity({ from, to }: { from: string | null; to: string | null }) {
  const { t } = useT();
  if (!from && !to) return null;
  return (
    <span className="validity">
      {from ? t("admin:units.valid_from_short", { date: formatDate(from) }) : null}
      {from && to ? " · " : null}
      {to ? t("admin:units.valid_to_short", { date: formatDate(to) }) : null}
    </span>
  );
}

/** "99101 · Phường Bắc Sơn" for selects. */
export function unitOption(u: { id: number; code: string; name: string }) {
  return { value: u.id, label: `${u.code} · ${u.name}` };
}
