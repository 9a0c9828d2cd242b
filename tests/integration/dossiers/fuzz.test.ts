/**
 * Fuzzing the dossier API as the ingest API is fuzzed: generated requests
 * (fast-check, fixed seed) — valid events of a small pool of dossiers (so that
 * replays, conflicts and any order happen), odd-but-valid codes and offsets,
 * wrong types, missing and extra fields, unknown desks and fields, bodies that
 * are not JSON or not UTF-8, wrong content types and credentials, empty and
 * oversize batches — sent four at a time.
 *
 * Whatever comes in: never a 5xx; every refusal is `{error}` in the client's
 * language; every invalid event says why, in that language; and in the end
 * there is one dossier per `created` answer and one stored event per
 * `created` or `updated` answer.
 *
 * The evaluation link (GET /api/v1/dossiers/:code/evaluation-link) the same
 * way: codes with broken percent-encoding, unicode and thousands of
 * characters, with every kind of credential: never a 5xx, every refusal a
 * translated `{error}`. (Posts to the link's page: tests/e2e/phone-evaluation.test.ts.)
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_DOSSIER_BODY_BYTES, MAX_EVENTS } from "~/api/dossiers.server";
import { apiLanguage } from "~/i18n/i18n.server";
import { resources } from "~/i18n/resources.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";
import { type ApiServer, newSystemToken, startApiServer } from "../../helpers/dossier-api";
import { createUnitWithDesk, seedReference } from "../../helpers/fixtures";
import { INVALID_UTF8, isoWithOffset, word } from "../../helpers/ingest-fuzz";

const SEED = 20261204;
const CONCURRENCY = 4;
const RUNS: Record<string, number> = { sqlite: 1500, postgres: 500 };

function templatePattern(template: string): string {
  return template
    .split(/\{\{\s*\w+\s*\}\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[\\s\\S]*");
}
function patterns(lang: "vi" | "en") {
  const errors = resources[lang].errors as {
    api: Record<string, string>;
    validation: Record<string, string>;
    field_problem: string;
  };
  const validation = `(?:${Object.values(errors.validation).map(templatePattern).join("|")})`;
  const [before, after] = errors.field_problem.split("{{problem}}");
  return {
    api: new RegExp(`^(?:${Object.values(errors.api).map(templatePattern).join("|")})$`),
    item: new RegExp(`^(?:${templatePattern(before)})?${validation}${templatePattern(after ?? "")}$`),
  };
}
const PATTERNS = { vi: patterns("vi"), en: patterns("en") };

const DESKS = ["01-MC", "01001-MC"];
const CODES = [
  "000.00.20.H56-261120-0001",
  "000.00.20.h56-261120-0002",
  "HS-1",
  "HS/2026/3",
  "hồ-sơ-4",
  "000.00.20.H56-261120-0005",
];
const instant = fc
  .tuple(fc.integer({ min: 0, max: 20 }), fc.constantFrom(0, 420, -300))
  .map(([day, offset]) => isoWithOffset(new Date(Date.UTC(2026, 10, 1 + day, 2, 0, 0)), offset));

const validEvent = fc.oneof(
  fc
    .record({
      type: fc.constant("received"),
      dossierCode: fc.constantFrom(...CODES),
      occurredAt: instant,
      deskCode: fc.constantFrom(...DESKS),
      dueAt: fc.constant("2026-12-31T17:00:00+07:00"),
      fieldCode: fc.constantFrom(undefined, null, "dat_dai"),
      officerCode: fc.constantFrom(undefined, "CB-01"),
    })
    .map((e) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined))),
  fc.record({
    type: fc.constantFrom("returned", "withdrawn", "cancelled"),
    dossierCode: fc.constantFrom(...CODES),
    occurredAt: instant,
  })
);

const invalidEvent = fc.oneof(
  fc.anything(),
  fc
    .tuple(validEvent, fc.constantFrom("type", "dossierCode", "occurredAt", "deskCode", "dueAt"), fc.anything())
    .map(([e, key, value]) => ({ ...e, [key]: value })),
  validEvent.map((e) => ({ ...e, unexpected: true })),
  validEvent.map((e) => ({ ...e, dossierCode: `${e.dossierCode} x` })),
  validEvent.map((e) => ({ ...e, dossierCode: "000.00.20.H56-261399-0001" })),
  validEvent.map((e) => ({ ...e, dossierCode: "x".repeat(65) })),
  fc.record({
    type: fc.constant("received"),
    dossierCode: fc.constantFrom(...CODES),
    occurredAt: instant,
    deskCode: word,
    dueAt: fc.constant("2026-12-31T17:00:00+07:00"),
  })
);

type Expect = "valid" | "invalid" | "any";
interface Spec {
  auth: "token" | "none" | "device" | "wrong";
  contentType: string | null;
  lang: string | null;
  body: { kind: "events"; events: { value: unknown; expect: Expect }[] } | { kind: "raw"; bytes: Buffer };
}

const specs: fc.Arbitrary<Spec> = fc.record({
  auth: fc.constantFrom("token", "token", "token", "token", "none", "device", "wrong"),
  contentType: fc.constantFrom(
    "application/json",
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    null
  ),
  lang: fc.constantFrom("vi", "en", "en-US,en;q=0.8", "fr", null),
  body: fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .array(
          fc.oneof(
            validEvent.map((value) => ({ value, expect: "valid" as Expect })),
            invalidEvent.map((value) => ({ value, expect: "any" as Expect }))
          ),
          { minLength: 1, maxLength: 12 }
        )
        .map((events) => ({ kind: "events" as const, events })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          ...INVALID_UTF8.map((b) => Buffer.from(b)),
          Buffer.from("{"),
          Buffer.from("[]"),
          Buffer.from('{"events": []}'),
          Buffer.from('{"events": {}}'),
          Buffer.from(JSON.stringify({ events: Array(MAX_EVENTS + 1).fill(1) })),
          Buffer.alloc(MAX_DOSSIER_BODY_BYTES + 10, 32)
        )
        .map((bytes) => ({ kind: "raw" as const, bytes })),
    }
  ),
});

describe.each(databaseFactories())("dossier API fuzz on $dialect", (factory) => {
  let deviceToken = "";
  const getApp = useTestApp(factory, async (app) => {
    await seedReference(app);
    const province = await createUnitWithDesk(app, { code: "01", name: "Tỉnh Mẫu", level: "province" });
    await createUnitWithDesk(app, { code: "01001", name: "Xã Mẫu", level: "commune", parentId: province.unit.id });
    deviceToken = province.token;
  });
  let server: ApiServer;
  let token = "";
  beforeAll(async () => {
    server = await startApiServer(getApp());
    token = await newSystemToken(getApp());
  });
  afterAll(() => server.close());

  it(
    `answers ${RUNS[factory.dialect]} generated requests: no 5xx, translated refusals, one row per created`,
    { timeout: 600_000 },
    async () => {
      const all = fc.sample(specs, { seed: SEED, numRuns: RUNS[factory.dialect] });
      const failures: string[] = [];
      let created = 0;
      let stored = 0;
      const statuses = new Map<number, number>();
      async function send(spec: Spec) {
        const headers: Record<string, string> = {};
        if (spec.contentType) headers["content-type"] = spec.contentType;
        if (spec.lang) headers["accept-language"] = spec.lang;
        if (spec.auth === "token") headers.authorization = `Bearer ${token}`;
        if (spec.auth === "device") headers.authorization = `Bearer ${deviceToken}`;
        if (spec.auth === "wrong") headers.authorization = "Bearer hls_AAAAAAAAAAAAAAAAAAAAAA";
        const body =
          spec.body.kind === "raw"
            ? spec.body.bytes
            : Buffer.from(JSON.stringify({ events: spec.body.events.map((e) => e.value) }));
        const res = await fetch(`${server.url}/api/v1/dossiers`, {
          method: "POST",
          headers,
          body: new Uint8Array(body),
        });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const lang = apiLanguage(spec.lang);
        const shown = `${res.status} ${text.slice(0, 300)} for ${body.subarray(0, 200).toString("utf8")}`;
        if (res.status >= 500) return failures.push(`5xx: ${shown}`);
        const json = JSON.parse(text) as {
          error?: string;
          results?: { status: string; errors?: { message: string }[] }[];
        };
        if (res.status !== 200) {
          if (typeof json.error !== "string" || !PATTERNS[lang].api.test(json.error))
            failures.push(`untranslated: ${shown}`);
          return;
        }
        if (spec.auth !== "token" || spec.body.kind !== "events") return failures.push(`unexpected 200: ${shown}`);
        const events = spec.body.events;
        if (!json.results || json.results.length !== events.length) return failures.push(`results: ${shown}`);
        json.results.forEach((r, i) => {
          if (r.status === "created") created += 1;
          if (r.status === "created" || r.status === "updated") stored += 1;
          if (!["created", "updated", "duplicate", "invalid"].includes(r.status)) failures.push(`status ${r.status}`);
          if (r.status === "invalid") {
            if (!r.errors?.length) failures.push(`invalid without errors: ${JSON.stringify(events[i].value)}`);
            for (const e of r.errors ?? [])
              if (!PATTERNS[lang].item.test(e.message)) failures.push(`untranslated item error: ${e.message}`);
          }
        });
      }
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < all.length) await send(all[next++]);
        })
      );
      expect(failures.slice(0, 10)).toEqual([]);
      expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
      const db = getApp().db;
      expect((await db.selectFrom("dossiers").select("id").execute()).length).toBe(created);
      expect((await db.selectFrom("dossier_events").select("id").execute()).length).toBe(stored);
      // Every dossier is what its stored events make it, whatever order they came in.
      const unapplied = await db.selectFrom("dossier_events").select("dossier_code").where("applied", "=", 0).execute();
      const receivedCodes = new Set(
        (await db.selectFrom("dossiers").select("code").where("received_at", "is not", null).execute()).map(
          (d) => d.code
        )
      );
      expect(unapplied.filter((e) => receivedCodes.has(e.dossier_code))).toEqual([]);
    }
  );
});

/** A path segment for `:code`: pool codes (as typed, or encoded), unicode, broken percent-encoding, long. */
const linkCode = fc.oneof(
  fc.constantFrom(...CODES, "HS-RUT", "HS-TRA", "HS-CHO"),
  fc.constantFrom(...CODES).map(encodeURIComponent),
  word,
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("%", "%E0%A4%A", "%ZZ", "%C3%28", "%00", "%2F..%2F", "..", "%ED%A0%80", "a%", "%%41"),
  fc.tuple(fc.constantFrom("x", "9", "%41", "ồ"), fc.integer({ min: 65, max: 20_000 })).map(([c, n]) => c.repeat(n))
);
/** The Authorization header's token: the system's, a revoked or unknown one, a tablet's, junk, none. */
const linkAuth = fc.oneof(
  fc.constantFrom("token", "token", "token", "device", "wrong", "none"),
  fc.string({ unit: fc.constantFrom(..."abcXYZ019_-.~+/= "), maxLength: 80 }).map((s) => `raw:${s}`)
);

describe.each(databaseFactories())("evaluation-link fuzz on $dialect", (factory) => {
  const RUNS_LINK: Record<string, number> = { sqlite: 600, postgres: 200 };
  let deviceToken = "";
  const getApp = useTestApp(factory, async (app) => {
    await seedReference(app);
    deviceToken = (await createUnitWithDesk(app, { code: "01", name: "Tỉnh Mẫu", level: "province" })).token;
  });
  let server: ApiServer;
  let token = "";
  beforeAll(async () => {
    server = await startApiServer(getApp());
    token = await newSystemToken(getApp());
    // Some codes name dossiers: open, returned, withdrawn, and one only heard of by its return.
    const at = "2026-11-20T08:00:00+07:00";
    const due = "2026-11-30T17:00:00+07:00";
    const events = [
      { type: "received", dossierCode: CODES[0], occurredAt: at, deskCode: "01-MC", dueAt: due },
      { type: "received", dossierCode: "HS-TRA", occurredAt: at, deskCode: "01-MC", dueAt: due },
      { type: "returned", dossierCode: "HS-TRA", occurredAt: "2026-11-21T08:00:00+07:00" },
      { type: "received", dossierCode: "HS-RUT", occurredAt: at, deskCode: "01-MC", dueAt: due },
      { type: "withdrawn", dossierCode: "HS-RUT", occurredAt: "2026-11-21T08:00:00+07:00" },
      { type: "returned", dossierCode: "HS-CHO", occurredAt: "2026-11-21T08:00:00+07:00" },
    ];
    const res = await fetch(`${server.url}/api/v1/dossiers`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ events }),
    });
    expect(res.status).toBe(200);
  });
  afterAll(() => server.close());

  it(
    `answers ${RUNS_LINK[factory.dialect]} generated link requests: no 5xx, a translated error for every refusal`,
    { timeout: 600_000 },
    async () => {
      const all = fc.sample(
        fc.record({ code: linkCode, auth: linkAuth, lang: fc.constantFrom("vi", "en", "fr", null) }),
        {
          seed: SEED,
          numRuns: RUNS_LINK[factory.dialect],
        }
      );
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      let sent = 0;
      async function send({ code, auth, lang }: { code: string; auth: string; lang: string | null }) {
        let url: URL;
        try {
          url = new URL(`${server.url}/api/v1/dossiers/${code}/evaluation-link`);
        } catch {
          return; // Not a URL a client can send.
        }
        const headers: Record<string, string> = {};
        if (lang) headers["accept-language"] = lang;
        if (auth === "token") headers.authorization = `Bearer ${token}`;
        if (auth === "device") headers.authorization = `Bearer ${deviceToken}`;
        if (auth === "wrong") headers.authorization = "Bearer hls_AAAAAAAAAAAAAAAAAAAAAA";
        if (auth.startsWith("raw:")) headers.authorization = auth.slice(4);
        const res = await fetch(url, { headers });
        sent += 1;
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const shown = `${res.status} ${text.slice(0, 200)} for ${url.pathname.slice(0, 120)} (${auth})`;
        if (res.status >= 500) return failures.push(`5xx: ${shown}`);
        // Node's own limit on the request line and headers (16 KB) answers before any handler: 431.
        if (res.status === 431) return;
        // A path the API router does not take (an empty code, a "/" in it) is not the endpoint's answer.
        const segments = url.pathname.split("/");
        if (!url.pathname.endsWith("/evaluation-link") || segments.length !== 6 || segments[4] === "") return;
        let json: { error?: string; url?: string; qrSvg?: string };
        try {
          json = JSON.parse(text);
        } catch {
          return failures.push(`not JSON: ${shown}`);
        }
        if (res.status === 200) {
          if (auth !== "token") failures.push(`200 without the system's token: ${shown}`);
          if (!/\/danh-gia\/[A-Za-z0-9_-]{22}$/.test(json.url ?? "") || !json.qrSvg?.startsWith("<svg"))
            failures.push(`link: ${shown}`);
          return;
        }
        if (![401, 404, 410].includes(res.status)) failures.push(`status: ${shown}`);
        if (typeof json.error !== "string" || !PATTERNS[apiLanguage(lang)].api.test(json.error))
          failures.push(`untranslated: ${shown}`);
      }
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < all.length) await send(all[next++]);
        })
      );
      expect(failures.slice(0, 10)).toEqual([]);
      expect(sent).toBeGreaterThan(all.length / 2);
      // The pool's codes reached each answer: a link, no such dossier, a withdrawn one, no token.
      expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 401, 404, 410]));
    }
  );
});
