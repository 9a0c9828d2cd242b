import { describe, expect, it } from "vitest";
import { resources } from "~/i18n/resources.server";
import { PageCache, pageKey } from "~/page-cache.server";

describe("pageKey", () => {
  const data = (deskName: string, bundle = resources.vi.kiosk) => [
    { lang: "vi" },
    { desk: { name: deskName }, i18n: { kiosk: bundle } },
  ];

  it("is the same for the same data and differs when any of it changes", () => {
    expect(pageKey("routes/kiosk._index", "", data("Quầy 1"))).toBe(pageKey("routes/kiosk._index", "", data("Quầy 1")));
    expect(pageKey("routes/kiosk._index", "", data("Quầy 2"))).not.toBe(
      pageKey("routes/kiosk._index", "", data("Quầy 1"))
    );
    expect(pageKey("routes/kiosk._index", "?done=vi", data("Quầy 1"))).not.toBe(
      pageKey("routes/kiosk._index", "", data("Quầy 1"))
    );
  });

  it("tells translation bundles apart by name without reading them", () => {
    expect(pageKey("r", "", data("Quầy 1", resources.en.kiosk))).not.toBe(pageKey("r", "", data("Quầy 1")));
    // Another object with the same strings is not the fixed bundle: it is keyed by content.
    expect(pageKey("r", "", data("Quầy 1", { ...resources.vi.kiosk }))).not.toBe(pageKey("r", "", data("Quầy 1")));
  });
});

describe("PageCache", () => {
  it("keeps at most 2,000 pages, dropping the oldest", () => {
    const cache = new PageCache();
    for (let i = 0; i < 2001; i++) cache.set(`k${i}`, `<p>${i}</p>`);
    expect(cache.size).toBe(2000);
    expect(cache.get("k0")).toBeUndefined();
    expect(cache.get("k2000")?.html).toBe("<p>2000</p>");
  });
});
