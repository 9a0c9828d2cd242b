import { describe, expect, it } from "vitest";
import { isSameOrigin } from "~/api/json-endpoints.server";

const req = (headers: Record<string, string>) => ({ headers: { host: "hailong.local:3000", ...headers } });

describe("isSameOrigin (the CSRF check)", () => {
  it("accepts the app's own pages by Origin, Referer or Sec-Fetch-Site", () => {
    for (const strict of [false, true]) {
      expect(isSameOrigin(req({ origin: "http://hailong.local:3000" }), null, { strict })).toBe(true);
      expect(isSameOrigin(req({ referer: "http://hailong.local:3000/admin/units" }), null, { strict })).toBe(true);
      expect(isSameOrigin(req({ "sec-fetch-site": "same-origin" }), null, { strict })).toBe(true);
      expect(
        isSameOrigin(req({ origin: "https://hailong.example.vn" }), "https://hailong.example.vn", { strict })
      ).toBe(true);
    }
  });

  it("refuses other sites, opaque origins and cross-site fetches", () => {
    for (const strict of [false, true]) {
      expect(isSameOrigin(req({ origin: "https://evil.example" }), null, { strict })).toBe(false);
      expect(isSameOrigin(req({ origin: "null" }), null, { strict })).toBe(false);
      expect(isSameOrigin(req({ referer: "https://evil.example/x" }), null, { strict })).toBe(false);
      expect(isSameOrigin(req({ "sec-fetch-site": "cross-site" }), null, { strict })).toBe(false);
      expect(
        isSameOrigin(req({ origin: "https://evil.example", "sec-fetch-site": "cross-site" }), "https://x.vn", {
          strict,
        })
      ).toBe(false);
    }
  });

  it("lets a request without any browser header through only when not strict (API clients)", () => {
    expect(isSameOrigin(req({}), null)).toBe(true);
    expect(isSameOrigin(req({}), null, { strict: true })).toBe(false);
  });
});
