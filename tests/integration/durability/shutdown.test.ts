/**
 * SIGTERM on the built server: it stops accepting, lets the request already
 * on the wire finish (a large batch whose last bytes arrive after the
 * signal), drops idle keep-alive connections, closes the database and exits 0.
 */
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, parseDatabaseUrl } from "~db/connection";
import { databaseFactories, type TestDatabase } from "../../helpers/databases";
import { item } from "../../helpers/fixtures";
import { newDevice } from "../../helpers/kiosk";
import { type RunningServer, startServer } from "../../helpers/server";

const STOPPING = "Đang dừng HaiLong";

function connectOutcome(port: number): Promise<"connected" | string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(databaseFactories())("SIGTERM on $dialect", (factory) => {
  let database: TestDatabase;
  let server: RunningServer;
  let token: string;

  beforeAll(async () => {
    database = await factory.create();
    server = await startServer({ DATABASE_URL: database.url });
    token = (await newDevice(database.url, "99101-MC")).token;
  });
  afterAll(async () => {
    await server?.kill();
    await database?.drop();
  });

  it("finishes the in-flight batch, refuses new connections, closes the database and exits 0", async () => {
    // A keep-alive connection left idle after a complete request: it must not hold the server open.
    const idleAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const idleSocket = await new Promise<net.Socket>((resolve, reject) => {
      const req = http.get(`${server.url}/favicon.svg`, { agent: idleAgent }, (res) => {
        res.resume();
        res.on("end", () => resolve(req.socket!));
      });
      req.on("error", reject);
    });
    let idleSocketClosed = false;
    idleSocket.once("close", () => (idleSocketClosed = true));

    const batch = Array.from({ length: 400 }, (_, i) =>
      item({
        submittedAt: new Date(Date.now() - (i + 1) * 60_000).toISOString(),
        rating: i % 7 === 0 ? "dissatisfied" : "satisfied",
        ...(i % 7 === 0 ? { reasons: ["long_wait"] } : {}),
        comment: `Phản hồi số ${i}`,
      })
    );
    const body = Buffer.from(JSON.stringify({ responses: batch }));
    const half = Math.floor(body.length / 2);

    const inFlightAgent = new http.Agent({ keepAlive: true });
    const req = http.request(`${server.url}/api/v1/responses`, {
      method: "POST",
      agent: inFlightAgent,
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "content-length": String(body.length),
        expect: "100-continue",
      },
    });
    const answer = new Promise<{ status: number; connection?: string; body: string }>((resolve, reject) => {
      req.on("response", (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }));
        res.on("error", reject);
      });
      req.on("error", reject);
    });
    // "100 Continue" says the server has parsed the headers: the request is in flight from here.
    await new Promise((resolve) => req.once("continue", resolve));
    await new Promise((resolve) => req.write(body.subarray(0, half), resolve));

    const exited = new Promise<number | null>((resolve) => server.process.once("exit", (code) => resolve(code)));
    server.process.kill("SIGTERM");
    await waitFor(() => server.output().includes(STOPPING), "the server to start stopping");

    // Still running (the batch is unfinished), but no longer accepting.
    expect(server.process.exitCode).toBeNull();
    expect(await connectOutcome(server.port)).toBe("ECONNREFUSED");
    // The idle keep-alive connection is closed by the server rather than kept until it times out.
    await waitFor(() => idleSocketClosed, "the idle connection to close");

    req.end(body.subarray(half));
    const { status, connection, body: text } = await answer;
    expect(status).toBe(200);
    // The client learns not to reuse the connection (it would otherwise keep the server waiting).
    expect(connection).toBe("close");
    const results = JSON.parse(text).results as { id: string; status: string }[];
    expect(results.map((r) => r.status)).toEqual(batch.map(() => "created"));

    expect(await exited).toBe(0);
    expect(server.output()).not.toMatch(/error/i);

    if (database.dialect === "sqlite") {
      // Closing the last connection checkpoints the WAL into the database file and removes it.
      const file = (parseDatabaseUrl(database.url) as { file: string }).file;
      expect(fs.existsSync(`${file}-wal`)).toBe(false);
      expect(fs.existsSync(`${file}-shm`)).toBe(false);
    }
    const handle = openDatabase(database.url);
    try {
      const rows = await handle.db
        .selectFrom("responses")
        .select(["id", "comment"])
        .where(
          "id",
          "in",
          batch.map((b) => b.id)
        )
        .execute();
      expect(rows).toHaveLength(batch.length);
      expect(new Map(rows.map((r) => [r.id, r.comment])).get(batch[42].id)).toBe("Phản hồi số 42");
    } finally {
      await handle.close();
    }
    idleAgent.destroy();
    inFlightAgent.destroy();
  });
});
