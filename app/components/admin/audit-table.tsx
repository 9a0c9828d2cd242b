import type { AuditView } from "~/admin/audit-view.server";
import { formatDateTime } from "~/domain/format";
import { useT } from "~/i18n/react";

/** Audit entries: when, who, what, and each changed value before → after. */
export function AuditTable({ entries, caption }: { entries: readonly AuditView[]; caption: string }) {
  const { t, lang } = useT();
  const label = (key: string, fallback: string) => {
    const text = t(key);
    return text === key ? fallback : text;
  };
  if (entries.length === 0) return <p className="empty">{t("admin:audit.empty")}</p>;
  return (
    <div className="table-wrap">
      <table className="admin-table audit-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("admin:audit.at")}</th>
            <th scope="col">{t("admin:audit.user")}</th>
            <th scope="col">{t("admin:audit.action")}</th>
            <th scope="col">{t("admin:audit.entity")}</th>
            <th scope="col">{t("admin:audit.changes")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td className="nowrap">{formatDateTime(e.at, lang)}</td>
              <td>{e.username}</td>
              <td>{label(`admin:audit.actions.${e.action}`, e.action)}</td>
              <td>
                {label(`admin:audit.entities.${e.entity}`, e.entity)}
                {e.entityId ? <span className="code"> {e.entityId}</span> : null}
              </td>
              <td>
                {e.changes.length === 0 ? (
                  "—"
                ) : (
                  <ul className="changes">
                    {e.changes.map((c) => (
                      <li key={c.field}>
                        <span className="change-field">{label(`admin:audit.fields.${c.field}`, c.field)}</span>:{" "}
                        <del>{c.before ?? "—"}</del> → <ins>{c.after ?? "—"}</ins>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
