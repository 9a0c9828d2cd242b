/**
 * The tablets table, built from a list of columns so that a feature can add
 * one (device status, pending answers…) by appending to TABLET_COLUMNS and
 * adding the field to TabletRowView in app/admin/tablets.server.ts.
 */
import type { ReactNode } from "react";
import type { TabletRowView } from "~/admin/tablets.server";
import { formatDateTime } from "~/utils/format";
import { type T, useT } from "~/i18n/react";
import type { Language } from "~/i18n/languages";
import { DeviceStatus } from "../device-status";
import { AdminTable } from "./admin-table";

export interface TabletColumn {
  key: string;
  /** Key of the header text. */
  header: string;
  cell(row: TabletRowView, t: T, lang: Language): ReactNode;
}

export const TABLET_COLUMNS: TabletColumn[] = [
  { key: "name", header: "admin:tablets.name", cell: (r) => r.name },
  {
    key: "desk",
    header: "admin:tablets.desk",
    cell: (r) => (
      <>
        <span className="code">{r.deskCode}</span>
        {` ${r.deskName}`}
      </>
    ),
  },
  { key: "unit", header: "admin:tablets.unit", cell: (r) => r.unitName },
  {
    key: "state",
    header: "admin:tablets.state",
    cell: (r, t, lang) => (
      <>
        <span className={`tag state-${r.state}`}>{t(`admin:tablets.states.${r.state}`)}</span>
        {r.codeOutstanding && r.pairingExpiresAt ? (
          <span className="subtle">
            {" "}
            {t("admin:tablets.code_until", { time: formatDateTime(r.pairingExpiresAt, lang) })}
          </span>
        ) : null}
      </>
    ),
  },
  {
    key: "status",
    header: "admin:tablets.status",
    // A revoked tablet's state column says so; only its last contact is worth adding.
    cell: (r, t, lang) =>
      r.state !== "revoked" ? (
        <DeviceStatus status={r.status} />
      ) : r.lastSeenAt ? (
        formatDateTime(r.lastSeenAt, lang)
      ) : (
        t("admin:tablets.never_seen")
      ),
  },
];

export function TabletTable({
  rows,
  caption,
  actions,
}: {
  rows: readonly TabletRowView[];
  caption: string;
  /** The last column: what may be done with a tablet. */
  actions?: (row: TabletRowView) => ReactNode;
}) {
  const { t, lang } = useT();
  if (rows.length === 0) return <p className="empty">{t("admin:tablets.none")}</p>;
  return (
    <AdminTable
      caption={caption}
      headers={[...TABLET_COLUMNS.map((c) => t(c.header)), actions ? t("admin:actions") : null]}
      className="tablets-table"
    >
      {rows.map((row) => (
        <tr key={row.id} className={row.state === "revoked" ? "retired" : undefined}>
          {TABLET_COLUMNS.map((c) => (
            <td key={c.key}>{c.cell(row, t, lang)}</td>
          ))}
          {actions ? <td className="actions">{actions(row)}</td> : null}
        </tr>
      ))}
    </AdminTable>
  );
}
