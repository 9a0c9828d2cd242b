import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { type DeviceStatusProps, DeviceStatus } from "~/components/device-status";
import { I18nProvider } from "~/i18n/react";
import { bundlesFor } from "~/i18n/resources.server";

function render(status: DeviceStatusProps, lang: "vi" | "en" = "vi") {
  const html = renderToStaticMarkup(
    <I18nProvider lang={lang} bundles={bundlesFor(lang, ["common", "admin"])}>
      <DeviceStatus status={status} />
    </I18nProvider>
  );
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const base: DeviceStatusProps = {
  state: "online",
  revoked: false,
  lastSeenAt: "2026-11-26T03:00:00.000Z",
  pending: 0,
  oldestPendingAt: null,
  heldCount: 0,
  appVersion: "0.1.0+abc",
};

describe("DeviceStatus", () => {
  it("says in words how a tablet is and what waits on it", () => {
    expect(render(base)).toBe("Đang hoạt động Liên lạc lần cuối: 10:00 26/11/2026 Phiên bản 0.1.0+abc");
    expect(
      render({ ...base, state: "stale", pending: 1234, oldestPendingAt: "2026-11-26T01:00:00.000Z", heldCount: 2 })
    ).toBe(
      "Mất liên lạc trong giờ làm việc Liên lạc lần cuối: 10:00 26/11/2026 Phiếu chờ gửi: 1.234, cũ nhất từ 08:00 26/11/2026 Phiếu bị máy chủ từ chối: 2 Phiên bản 0.1.0+abc"
    );
    expect(render({ ...base, state: "offline", lastSeenAt: null, appVersion: null }, "en")).toBe(
      "Offline Never connected"
    );
    expect(render({ ...base, revoked: true })).toMatch(/^Đã thu hồi/);
  });
});
