/** The ingest API against the built server, as a tablet or another client would use it. */
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { databaseFactories, type TestDatabase } from "../helpers/databases";
import { type RunningServer, startServer } from "../helpers/server";
import { item } from "../helpers/fixtures";
import { runCli } from "~/cli/main.server";

describe.each(databaseFactories())("POST /api/v1/responses on $dialect", (factory) => {
  let database: TestDatabase;
  let server: RunningServer;
  let token: string;
  let otherToken: string;

  beforeAll(async () => {
    database = await factory.create();
    server = await startServer({ DATABASE_URL: database.url });
    const env: NodeJS.ProcessEnv = { NODE_ENV: "test", DATABASE_URL: database.url, SESSION_SECRET: "x".repeat(40) };
    const create = async (desk: string) => {
      const out: string[] = [];
      const code = await runCli(
        ["device:create", "--desk", desk],
        { out: (s) => out.push(s), err: () => {}, readStdin: async () => null },
        env
      );
      expect(code).toBe(0);
      return JSON.parse(out.join("")).token as string;
    };
    token = await create("99101-MC");
    otherToken = await create("992-MC");
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  function post(body: unknown, headers: Record<string, string> = {}) {
    return fetch(`${server.url}/api/v1/responses`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  }

  async function stored(ids: string[]) {
    const handle = openDatabase(database.url);
    try {
      return await handle.db
        .selectFrom("responses")
        .select(["id", "rating", "desk_id", "unit_level"])
        .where("id", "in", ids)
        .execute();
    } finally {
      await handle.close();
    }
  }

  it("answers a batch mixing created, duplicate, conflict and invalid, in item order", async () => {
    const a = item({ rating: "dissatisfied", reasons: ["harassment"] });
    const b = item();
    expect((await post({ responses: [b] })).status).toBe(200);
    const res = await post({ responses: [a, b, { ...b, rating: "neutral" }, { ...item(), rating: "great" }] });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.results.map((r: { status: string }) => r.status)).toEqual([
      "created",
      "duplicate",
      "conflict",
      "invalid",
    ]);
    expect(body.results.map((r: { id: string }) => r.id).slice(0, 3)).toEqual([a.id, b.id, b.id]);
    expect(body.results[3].errors).toEqual([
      { field: "rating", message: expect.stringContaining("very_satisfied, satisfied, neutral, dissatisfied") },
    ]);
    const rows = await stored([a.id, b.id]);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.id === b.id)?.rating).toBe("satisfied");
  });

  it("takes the desk and level from the device, never from the body", async () => {
    const a = item();
    const res = await post({ responses: [{ ...a, deskId: 1 }] });
    expect((await res.json()).results[0]).toMatchObject({ status: "invalid", errors: [{ field: "deskId" }] });
    await post({ responses: [a] }, { authorization: `Bearer ${otherToken}` });
    const [row] = await stored([a.id]);
    expect(row.unit_level).toBe("district");
  });

  it("translates messages by Accept-Language", async () => {
    const res = await post({ responses: [{ ...item(), comment: 42 }] }, { "accept-language": "en-US,en;q=0.9" });
    expect((await res.json()).results[0].errors[0].message).toBe("Field “comment”: Wrong type (expected a string).");
  });

  it("refuses a missing, unknown or malformed token with 401", async () => {
    for (const authorization of [undefined, "Bearer hl_unknown", "Basic dXNlcjpwYXNz", "Bearer"]) {
      const res = await fetch(`${server.url}/api/v1/responses`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ responses: [item()] }),
      });
      expect(res.status, String(authorization)).toBe(401);
      expect((await res.json()).error).toMatch(/thiết bị/);
    }
  });

  it("answers 400 for a body that is not the envelope", async () => {
    for (const body of [
      "",
      "not json",
      "[]",
      "null",
      '{"responses": []}',
      '{"responses": {}}',
      '{"items": [1]}',
      '"x"',
    ]) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect((await res.json()).error).toBeTruthy();
    }
  });

  it("answers 413 above 500 items or 1 MB, 415 for another content type, 405 for GET", async () => {
    expect((await post({ responses: Array.from({ length: 501 }, () => item()) })).status).toBe(413);
    expect((await post({ responses: [item({ comment: "x".repeat(1_100_000) })] })).status).toBe(413);
    expect((await post("{}", { "content-type": "text/plain" })).status).toBe(415);
    expect(
      (await fetch(`${server.url}/api/v1/responses`, { headers: { authorization: `Bearer ${token}` } })).status
    ).toBe(405);
  });

  it("accepts 500 items in one request", async () => {
    const batch = Array.from({ length: 500 }, () => item());
    const res = await post({ responses: batch });
    expect(res.status).toBe(200);
    const { results } = await res.json();
    expect(results.every((r: { status: string }) => r.status === "created")).toBe(true);
    expect(await stored(batch.map((b) => b.id))).toHaveLength(500);
  });

  it("never answers 5xx to hostile input", async () => {
    const weird: unknown[] = [
      { responses: [null, 1, "x", [], {}, { id: crypto.randomUUID() }] },
      { responses: [{ ...item(), answers: { a: { b: { c: [1, 2, { d: "\u0000" }] } } } }] },
      { responses: [{ ...item(), comment: "\ud800\udfff\ud800 \u0000 ngắn" }] },
      { responses: [{ ...item(), submittedAt: "9999-12-31T23:59:59+14:00" }] },
      { responses: [{ ...item(), questionnaireVersion: Number.MAX_SAFE_INTEGER }] },
      { responses: [{ ...item(), id: "0".repeat(10_000) }] },
      { responses: [{ ...item(), fieldCode: "x".repeat(5000) }] },
      { responses: [{ __proto__: { rating: "satisfied" }, constructor: 1 }] },
    ];
    for (const body of weird) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBeLessThan(500);
    }
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect((await post(`{"responses": ${deep}}`)).status).toBeLessThan(500);
  });
});
