/**
 * The "naive Remix" ingest baseline: what one would write first — Express,
 * @remix-run/express, and a resource route whose action authenticates the
 * device, parses the form and inserts one row with Kysely. No spam rule, no
 * rollups, no per-field validation. Run as its own process
 * (`node --import tsx naive-remix-server.ts`) with PORT and DATABASE_URL;
 * the database is migrated and demo-seeded by the bench first.
 */
import crypto from "node:crypto";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import { json, type ActionFunctionArgs, type ServerBuild } from "@remix-run/node";
import { openDatabase } from "~db/connection";
import { authenticateDevice } from "~/devices/devices.server";
import { toLocalTime } from "~/domain/time";

const handle = openDatabase(process.env.DATABASE_URL!, { sqliteSynchronous: "FULL" });
const db = handle.db;

async function action({ request }: ActionFunctionArgs) {
  const token = /^Bearer (\S+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
  const auth = await authenticateDevice(db, token);
  if (!auth.ok) return json({ error: "unauthorized" }, 401);
  const form = await request.formData();
  const now = new Date();
  const local = toLocalTime(now);
  const id = String(form.get("id"));
  const rating = String(form.get("rating")) as "satisfied";
  await db
    .insertInto("responses")
    .values({
      id,
      device_id: auth.device.deviceId,
      desk_id: auth.device.deskId,
      unit_id: auth.device.unitId,
      unit_level: auth.device.unitLevel,
      questionnaire_version: Number(form.get("questionnaireVersion") ?? 1),
      rating,
      reasons: "[]",
      harassment: 0,
      field_code: (form.get("fieldCode") as string | null) ?? null,
      dossier_code: null,
      on_time: null,
      comment: null,
      language: "vi",
      answers: null,
      submitted_at: now.toISOString(),
      received_at: now.toISOString(),
      effective_at: now.toISOString(),
      local_date: local.date,
      local_hour: local.hour,
      content_hash: crypto
        .createHash("sha256")
        .update(id + rating)
        .digest("hex"),
    })
    .execute();
  return json({ results: [{ id, status: "created" }] });
}

const route = (id: string, path: string | undefined, parentId: string | undefined, module: object) => ({
  id,
  path,
  parentId,
  index: undefined,
  caseSensitive: undefined,
  module,
});

// A hand-assembled server build: a root route and one resource route (no component, so no document render).
const build = {
  mode: "production",
  entry: { module: { default: () => new Response("not found", { status: 404 }) } },
  routes: {
    root: route("root", "", undefined, {}),
    "routes/responses": route("routes/responses", "responses", "root", { action }),
  },
  assets: { entry: { module: "", imports: [] }, routes: {}, url: "", version: "bench" },
  publicPath: "/build/",
  assetsBuildDirectory: "public/build",
  future: {},
  isSpaMode: false,
} as unknown as ServerBuild;

const app = express();
// eslint-disable-next-line @typescript-eslint/no-misused-promises -- the adapter's async handler catches its own failures and hands them to next()
app.all("*", createRequestHandler({ build, mode: "production" }));
app.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("listening"));
