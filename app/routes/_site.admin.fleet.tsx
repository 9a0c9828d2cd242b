import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { adminLoad } from "~/admin/route.server";
import { loadFleet } from "~/admin/fleet.server";
import { AdminTable } from "~/components/admin/admin-table";
import { adminLinks, adminMeta } from "~/components/admin/links";
import { formatDateTime, formatNumber } from "~/utils/format";
import { useT } from "~/i18n/react";

export const links = adminLinks;
export const meta = adminMeta("fleet");

export const loader = (args: LoaderFunctionArgs) => adminLoad(args, loadFleet);

const STATES = ["online", "stale", "offline", "never"] as const;

export default function FleetRoute() {
  const d = useLoaderData<typeof loader>();
  const { t, lang } = useT();
  const n = (v: number) => formatNumber(v, lang);
  const stateLabel: Record<string, string> = {
    online: t("admin:fleet.online"),
    stale: t("admin:fleet.stale"),
    offline: t("admin:fleet.offline"),
    never: t("admin:fleet.never"),
  };
  return (
    <div className="admin-page">
      <h1>{t("admin:fleet.title")}</h1>
      <p>{t("admin:fleet.intro", { time: formatDateTime(d.now, lang) })}</p>

      <section className="panel" aria-labelledby="fleet-counts">
        <h2 id="fleet-counts">{t("admin:fleet.counts")}</h2>
        <dl className="fleet-counts">
          <div>
            <dt>{t("admin:fleet.total")}</dt>
            <dd>{n(d.totals.total)}</dd>
          </div>
          {STATES.map((s) => (
            <div key={s}>
              <dt>{stateLabel[s]}</dt>
              <dd>{n(d.totals[s])}</dd>
            </div>
          ))}
          <div>
            <dt>{t("admin:fleet.pending")}</dt>
            <dd>
              {n(d.totals.pending)} ({t("admin:fleet.pending_answers", { n: n(d.totals.pendingAnswers) })})
            </dd>
          </div>
          <div>
            <dt>{t("admin:fleet.held")}</dt>
            <dd>{n(d.totals.held)}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="fleet-attention">
        <h2 id="fleet-attention">{t("admin:fleet.attention")}</h2>
        <p className="note">{t("admin:fleet.attention_hint")}</p>
        {d.attention.length === 0 ? (
          <p className="empty">{t("admin:fleet.attention_none")}</p>
        ) : (
          <AdminTable
            caption={t("admin:fleet.attention")}
            headers={[
              t("admin:fleet.tablet"),
              t("admin:fleet.desk"),
              t("admin:fleet.unit"),
              t("admin:fleet.state"),
              t("admin:fleet.last_seen"),
              t("admin:fleet.pending"),
              t("admin:fleet.held"),
              t("admin:fleet.version"),
            ]}
          >
            {d.attention.map((a) => (
              <tr key={a.deviceId}>
                <td>{a.deviceName}</td>
                <td>
                  <Link to={`/admin/desks/${a.deskId}`}>{a.deskName}</Link>
                </td>
                <td>{a.unitName}</td>
                <td>
                  <span className={`tag state-${a.state}`}>{stateLabel[a.state]}</span>
                </td>
                <td className="nowrap">
                  {a.lastSeenAt ? formatDateTime(a.lastSeenAt, lang) : t("admin:fleet.never_seen")}
                </td>
                <td className="num">{n(a.pending)}</td>
                <td className="num">{n(a.held)}</td>
                <td>{a.appVersion ?? t("admin:fleet.unknown_version")}</td>
              </tr>
            ))}
          </AdminTable>
        )}
        {d.moreAttention > 0 ? <p className="note">{t("admin:fleet.more", { n: n(d.moreAttention) })}</p> : null}
      </section>

      <section aria-labelledby="fleet-units">
        <h2 id="fleet-units">{t("admin:fleet.by_unit")}</h2>
        <AdminTable
          caption={t("admin:fleet.page", { page: n(d.page), pages: n(d.pages) })}
          headers={[
            t("admin:fleet.unit"),
            t("admin:fleet.total"),
            ...STATES.map((s) => stateLabel[s]),
            t("admin:fleet.pending"),
            t("admin:fleet.held"),
          ]}
        >
          {d.units.map((u) => (
            <tr key={u.unitId}>
              <th scope="row">
                {u.unitCode} · {u.unitName}
              </th>
              <td className="num">{n(u.total)}</td>
              {STATES.map((s) => (
                <td key={s} className="num">
                  {n(u[s])}
                </td>
              ))}
              <td className="num">{n(u.pending)}</td>
              <td className="num">{n(u.held)}</td>
            </tr>
          ))}
        </AdminTable>
        {d.pages > 1 ? (
          <nav aria-label={t("admin:fleet.by_unit")} className="pager">
            {d.page > 1 ? <Link to={`?page=${d.page - 1}`}>{t("admin:fleet.previous")}</Link> : null}{" "}
            {d.page < d.pages ? <Link to={`?page=${d.page + 1}`}>{t("admin:fleet.next")}</Link> : null}
          </nav>
        ) : null}
      </section>

      <section aria-labelledby="fleet-versions">
        <h2 id="fleet-versions">{t("admin:fleet.versions")}</h2>
        <AdminTable caption={t("admin:fleet.versions")} headers={[t("admin:fleet.version"), t("admin:fleet.tablets")]}>
          {d.versions.map((v) => (
            <tr key={v.version ?? ""}>
              <td>{v.version ?? t("admin:fleet.unknown_version")}</td>
              <td className="num">{n(v.tablets)}</td>
            </tr>
          ))}
        </AdminTable>
      </section>
    </div>
  );
}
