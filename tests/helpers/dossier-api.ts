/**
 * The dossier API in process (tests/integration/dossiers): the plain-Node API
 * router over a test app's database on a free port, and the one-stop
 * system's requests.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { apiRouter } from "~/api/routes.server";
import type { AppContext } from "~/context";
import { createSystem } from "~/dossiers/systems.server";

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

export async function startApiServer(app: AppContext): Promise<ApiServer> {
  const route = apiRouter(app);
  const server = http.createServer((req, res) => {
    const handler = route(req.url ?? "/");
    if (handler) void handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function newSystemToken(app: AppContext, name = "Hệ thống một cửa tỉnh"): Promise<string> {
  return (await createSystem(app.db, { id: null, username: "[test]" }, app.now(), name)).token;
}

export interface EventResult {
  dossierCode: string | null;
  status: string;
  errors?: { field: string; message: string }[];
}

export async function postEvents(
  url: string,
  token: string,
  events: unknown[],
  headers: Record<string, string> = {}
): Promise<{ status: number; results: EventResult[]; error?: string }> {
  const res = await fetch(`${url}/api/v1/dossiers`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ events }),
  });
  const json = (await res.json()) as { results?: EventResult[]; error?: string };
  return { status: res.status, results: json.results ?? [], error: json.error };
}

export function received(code: string, deskCode: string, occurredAt: string, dueAt: string, extra = {}) {
  return { type: "received", dossierCode: code, occurredAt, deskCode, dueAt, ...extra };
}

export function ended(type: "returned" | "withdrawn" | "cancelled", code: string, occurredAt: string) {
  return { type, dossierCode: code, occurredAt };
}
