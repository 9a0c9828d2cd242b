import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TrendChart, UnitBarChart, linePath, rateDomain } from "~/components/report-charts";
import { I18nProvider } from "~/i18n/react";
import { resources } from "~/i18n/resources.server";

const point = (key: string, rate: number | null, n = 100) => ({
  key,
  label: key,
  rate,
  low: rate === null ? null : rate - 0.02,
  high: rate === null ? null : rate + 0.02,
  n,
});

function render(node: JSX.Element): string {
  return renderToStaticMarkup(
    <I18nProvider lang="vi" bundles={resources.vi}>
      {node}
    </I18nProvider>
  );
}

describe("chart geometry", () => {
  it("breaks the line at a month without responses", () => {
    expect(
      linePath([
        { x: 0, y: 10 },
        { x: 10, y: 20 },
        { x: 20, y: null },
        { x: 30, y: 5 },
      ])
    ).toBe("M0.0 10.0L10.0 20.0M30.0 5.0");
  });
  it("chooses a domain that shows the target and every value, inside [0, 1]", () => {
    expect(rateDomain([0.95, 0.97], 0.92)).toEqual({ domain: [0.91, 0.98], step: 0.01 });
    expect(rateDomain([0.4, 0.99], 0.92)).toEqual({ domain: [0.3, 1], step: 0.1 });
    expect(rateDomain([0, 0.004], 0.01)).toEqual({ domain: [0, 0.015], step: 0.005 });
  });
});

describe("TrendChart", () => {
  const html = render(
    <TrendChart
      id="t"
      title="Tỷ lệ hài lòng theo tháng"
      description="Tháng 10/2026: 91,5%"
      points={[point("10/2026", 0.915), point("11/2026", null, 0), point("12/2026", 0.95)]}
      target={0.92}
      targetLabel="Chỉ tiêu: trên 92,0%"
      variant="satisfaction"
    />
  );
  it("is an image with a title and a description, and no inline styles", () => {
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="t-title t-desc"/);
    expect(html).toContain('<title id="t-title">Tỷ lệ hài lòng theo tháng</title>');
    expect(html).toContain('<desc id="t-desc">Tháng 10/2026: 91,5%</desc>');
    expect(html).not.toMatch(/style=/);
  });
  it("draws the target line and says each point's figures", () => {
    expect(html).toContain('class="chart-target"');
    expect(html).toContain("Chỉ tiêu: trên 92,0%");
    expect(html).toContain("10/2026: 91,5% (khoảng tin cậy 95%: 89,5% – 93,5%; 100 phiếu)");
    expect(html.match(/<circle/g)).toHaveLength(2);
  });
});

describe("UnitBarChart", () => {
  it("marks bars above the target and says when a unit has no responses", () => {
    const html = render(
      <UnitBarChart
        id="u"
        title="Theo đơn vị"
        description="…"
        bars={[point("Huyện A", 0.95), point("Huyện B", 0.9), point("Xã C", null, 0)]}
        target={0.92}
        targetLabel="Chỉ tiêu"
      />
    );
    expect(html.match(/class="chart-bar above"/g)).toHaveLength(1);
    expect(html.match(/class="chart-bar below"/g)).toHaveLength(2);
    expect(html).toContain("Xã C: Chưa có dữ liệu");
    expect(html).not.toMatch(/style=/);
  });
});
