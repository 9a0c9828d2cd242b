import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "~/config.server";
import { expressTrustProxy, fromTrustedProxy, requestProtocol } from "~/utils/web-request.server";

const base = {
  NODE_ENV: "test" as const,
  SESSION_SECRET: "x".repeat(40),
  DATABASE_URL: "file:/tmp/never-opened.sqlite",
};

function trustProxy(value: string | undefined) {
  return loadConfig({ ...base, TRUST_PROXY: value }).trustProxy;
}

function request(peer: string, headers: Record<string, string> = {}): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers } as unknown as IncomingMessage;
}

describe("TRUST_PROXY", () => {
  it("is a number of proxies, or addresses and networks", () => {
    expect(trustProxy(undefined)).toBe(0);
    expect(trustProxy("1")).toBe(1);
    expect(trustProxy("127.0.0.1")).toEqual(["127.0.0.1"]);
    expect(trustProxy(" 10.0.0.0/8, ::1 ,fd00::/8")).toEqual(["10.0.0.0/8", "::1", "fd00::/8"]);
  });

  it("refuses what is neither, naming the setting", () => {
    for (const bad of ["11", "-1", "nginx", "10.0.0.0/33", "10.0.0.1,", "300.1.1.1", "::1/129", "1.5"]) {
      expect(() => trustProxy(bad), bad).toThrow(ConfigError);
      try {
        trustProxy(bad);
      } catch (error) {
        expect((error as ConfigError).params.details).toMatch(/^TRUST_PROXY: /);
      }
    }
  });

  it("with addresses, believes X-Forwarded-* only from a peer among them", () => {
    const settings = { trustProxy: ["127.0.0.1", "10.0.0.0/8"], publicUrl: null, production: false };
    const forwarded = { "x-forwarded-proto": "https" };
    expect(fromTrustedProxy(request("127.0.0.1"), settings)).toBe(true);
    expect(fromTrustedProxy(request("::ffff:10.1.2.3"), settings)).toBe(true);
    expect(fromTrustedProxy(request("127.0.0.2"), settings)).toBe(false);
    expect(fromTrustedProxy(request("192.168.1.5"), settings)).toBe(false);
    expect(requestProtocol(request("10.9.9.9", forwarded), settings)).toBe("https");
    expect(requestProtocol(request("192.168.1.5", forwarded), settings)).toBe("http");
    expect(expressTrustProxy(settings)).toBe("127.0.0.1,10.0.0.0/8");
  });

  it("with a number, believes them from any peer when above 0, as before", () => {
    const one = { trustProxy: 1, publicUrl: null, production: false };
    const none = { trustProxy: 0, publicUrl: null, production: false };
    expect(fromTrustedProxy(request("192.168.1.5"), one)).toBe(true);
    expect(fromTrustedProxy(request("127.0.0.1"), none)).toBe(false);
    expect(expressTrustProxy(one)).toBe(1);
    expect(expressTrustProxy(none)).toBeUndefined();
  });
});
