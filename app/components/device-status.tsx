import type { DeviceStatusView } from "~/devices/status.server";
import { formatDateTime, formatNumber } from "~/utils/format";
import { useT } from "~/i18n/react";

/** What the component shows: a DeviceStatusView (app/devices/status.server.ts), or the part of it it needs. */
export type DeviceStatusProps = Pick<
  DeviceStatusView,
  "state" | "revoked" | "lastSeenAt" | "pending" | "oldestPendingAt" | "heldCount" | "appVersion"
>;

/**
 * A tablet's state in words (never colour alone) with what waits on it, for
 * the administrators' tablets page. Needs the `admin` namespace.
 */
export function DeviceStatus({ status: s }: { status: DeviceStatusProps }) {
  const { t, lang } = useT();
  return (
    <div className={`device-status device-${s.revoked ? "revoked" : s.state}`}>
      <strong>{t(`admin:device_status.${s.revoked ? "revoked" : s.state}`)}</strong>
      <div>
        {s.lastSeenAt
          ? t("admin:device_status.last_seen", { at: formatDateTime(s.lastSeenAt, lang) })
          : t("admin:device_status.never")}
      </div>
      {s.pending > 0 ? (
        <div>
          {t("admin:device_status.pending", { count: formatNumber(s.pending, lang) })}
          {s.oldestPendingAt
            ? `, ${t("admin:device_status.oldest", { at: formatDateTime(s.oldestPendingAt, lang) })}`
            : null}
        </div>
      ) : null}
      {s.heldCount > 0 ? (
        <div className="device-held">{t("admin:device_status.held", { count: formatNumber(s.heldCount, lang) })}</div>
      ) : null}
      {s.appVersion ? <div className="note">{t("admin:device_status.version", { version: s.appVersion })}</div> : null}
    </div>
  );
}
