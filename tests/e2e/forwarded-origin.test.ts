/**
 * A form post that passes HaiLong's own same-origin check must reach the
 * page, whatever Host header the proxy in front passes on or a client adds
 * (Remix's own check would otherwise answer 500); and a post that fails it
 * gets the translated page, not a bare line of Vietnamese.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteDatabase, type TestDatabase } from "../helpers/databases";
import { type RunningServer, startServer } from "../helpers/server";

const PUBLIC_URL = "https://hailong.example";
const FAILED = "Tên đăng nhập hoặc mật khẩu không đúng.";

/** Posts a sign-in with exactly these headers (fetch would not let us choose Host). */
function postLogin(server: RunningServer, path: string, headers: Record<string, string>) {
  const url = new URL(server.url.replace("//localhost:", "//127.0.0.1:"));
  const body = new URLSearchParams({ username: "khong.co", password: "sai-mat-khau" }).toString();
  return new Promise<{ status: number; text: string; type: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: "POST",
        agent: false,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, text, type: String(res.headers["content-type"]) }));
      }
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("forms behind a proxy: Host, Origin and X-Forwarded-Host", () => {
  let database: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    database = await sqliteDatabase().create();
    server = await startServer({ DATABASE_URL: database.url, PUBLIC_URL });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("reaches the sign-in when the page came from PUBLIC_URL and the proxy passes its own Host on", async () => {
    const answer = await postLogin(server, "/login", { origin: PUBLIC_URL, host: "127.0.0.1:3000" });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain(FAILED);
  });

  it("ignores an X-Forwarded-Host that no trusted proxy set", async () => {
    const host = new URL(server.url).host;
    const answer = await postLogin(server, "/login", {
      origin: `http://${host}`,
      host,
      "x-forwarded-host": "evil.example",
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain(FAILED);
  });

  it("reaches the sign-in when the browser says same-origin whatever the Origin header holds", async () => {
    const answer = await postLogin(server, "/login", { "sec-fetch-site": "same-origin", origin: "not a url" });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain(FAILED);
  });

  it("refuses a post from another site with the translated page, in the page's language", async () => {
    const vi = await postLogin(server, "/login", { origin: "https://evil.example" });
    expect(vi.status).toBe(403);
    expect(vi.type).toContain("text/html");
    expect(vi.text).toContain("Yêu cầu không đến từ trang của hệ thống.");
    expect(vi.text).toContain('<html lang="vi"');
    const en = await postLogin(server, "/login?lng=en", { origin: "https://evil.example" });
    expect(en.status).toBe(403);
    expect(en.text).toContain("The request does not come from this site.");
    expect(en.text).toContain('<html lang="en"');
  });
});
