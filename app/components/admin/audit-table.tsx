import type { AuditView } from "~/admin/audit-view.server";
import { formatDateTime } from "~/utils/format";
import { useT } from "~/i18n/react";
import { AdminTable } from "./admin-table";

/** Audit entries: when, who, what, and each changed value before → after. */
export function AuditTable({ entries, caption }: { entries: readonly AuditView[]; caption: string }) {
  const { t, lang } = useT();
  const label = (key: string, fallback: string) => {
    const text = t(key);
    return text === key ? fallback : text;
  };
  if (entries.length === 0) return <p className="empty">{t("admin:audit.empty")}</p>;
  return (
    <AdminTable
      caption={caption}
      headers={[
        t("admin:audit.at"),
        t("admin:audit.user"),
        t("admin:audit.action"),
        t("admin:audit.entity"),
        t("admin:audit.changes"),
      ]}
      className="audit-table"
    >
      {entries.map((e) => (
        <tr key={e.id}>
          <td className="nowrap">{formatDateTime(e.at, lang)}</td>
          <td>{e.username}</td>
          <td>{label(`admin:audit.actions.${e.action}`, e.action)}</td>
          <td>
            {label(`admin:audit.entities.${e.entity}`, e.entity)}
            {e.entityId ? <span className="code">{` ${e.entityId}`}</span> : null}
          </td>
          <td>
            {e.changes.length === 0 ? (
              "—"
            ) : (
              <ul className="changes">
                {e.changes.map((c) => (
                  <li key={c.field}>
                    <span className="change-field">{label(`admin:audit.fields.${c.field}`, c.field)}</span>
                    {": "}
                    <del>{c.before ?? "—"}</del> → <ins>{c.after ?? "—"}</ins>
                  </li>
                ))}
              </ul>
            )}
          </td>
        </tr>
      ))}
    </AdminTable>
  );
}
