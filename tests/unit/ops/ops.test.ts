import { describe, expect, it } from "vitest";
import { routeIdMatcher } from "~/ops/route-ids.server";
import { metricsAllowed } from "~/ops/routes.server";

describe("metricsAllowed", () => {
  const token = "metrics-token-0123456789abcdef";
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  it("lets loopback in as it is, and others only with the token", () => {
    for (const address of ["127.0.0.1", "127.3.2.1", "::1", "::ffff:127.0.0.1"])
      expect(metricsAllowed(address, {}, null)).toBe(true);
    expect(metricsAllowed("192.0.2.7", {}, token)).toBe(false);
    expect(metricsAllowed("192.0.2.7", bearer(token), null)).toBe(false);
    expect(metricsAllowed("192.0.2.7", bearer("wrong"), token)).toBe(false);
    expect(metricsAllowed("192.0.2.7", { authorization: `Basic ${token}` }, token)).toBe(false);
    expect(metricsAllowed("192.0.2.7", bearer(token), token)).toBe(true);
    expect(metricsAllowed(undefined, {}, token)).toBe(false);
  });

  it("treats a request through a proxy on loopback as from elsewhere; a forwarded header never grants", () => {
    expect(metricsAllowed("192.0.2.7", { "x-forwarded-for": "127.0.0.1" }, token)).toBe(false);
    expect(metricsAllowed("127.0.0.1", { "x-forwarded-for": "203.0.113.9" }, token)).toBe(false);
    expect(metricsAllowed("127.0.0.1", { forwarded: "for=203.0.113.9" }, null)).toBe(false);
    expect(metricsAllowed("127.0.0.1", { "x-forwarded-for": "203.0.113.9", ...bearer(token) }, token)).toBe(true);
  });
});

describe("routeIdMatcher", () => {
  const routes = {
    root: { id: "root", path: "" },
    "routes/_site": { id: "routes/_site", parentId: "root" },
    "routes/_site._index": { id: "routes/_site._index", parentId: "routes/_site", index: true },
    "routes/_site.$": { id: "routes/_site.$", parentId: "routes/_site", path: "*" },
    "routes/_site.admin": { id: "routes/_site.admin", parentId: "routes/_site", path: "admin" },
    "routes/_site.admin._index": { id: "routes/_site.admin._index", parentId: "routes/_site.admin", index: true },
    "routes/_site.admin.units.$unitId": {
      id: "routes/_site.admin.units.$unitId",
      parentId: "routes/_site.admin",
      path: "units/:unitId",
    },
    "routes/_site.admin.units.import": {
      id: "routes/_site.admin.units.import",
      parentId: "routes/_site.admin",
      path: "units/import",
    },
    "routes/kiosk._index": { id: "routes/kiosk._index", parentId: "root", path: "kiosk", index: true },
  };
  const match = routeIdMatcher({ routes } as never);
  it("names the route, never the URL", () => {
    expect(match("/")).toBe("routes/_site._index");
    expect(match("/_root.data")).toBe("routes/_site._index");
    expect(match("/admin")).toBe("routes/_site.admin._index");
    expect(match("/admin/units/42")).toBe("routes/_site.admin.units.$unitId");
    expect(match("/admin/units/42.data")).toBe("routes/_site.admin.units.$unitId");
    expect(match("/admin/units/import")).toBe("routes/_site.admin.units.import");
    expect(match("/kiosk")).toBe("routes/kiosk._index");
    expect(match("/no/such/page")).toBe("routes/_site.$");
    expect(match("/__manifest")).toBe("remix:manifest");
  });
});
