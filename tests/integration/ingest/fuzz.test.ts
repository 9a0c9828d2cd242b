/**
 * Fuzzing the ingest API of the built server: thousands of generated requests
 * (fast-check, fixed seed) — wrong types, strings at and beyond their limits,
 * deep nesting, invalid UTF-8, unknown codes, ancient and future dates,
 * missing and extra fields, repeated ids in a batch, bodies that are not JSON,
 * wrong content types, empty and oversize batches — with valid items mixed in.
 *
 * Whatever comes in: never a 5xx; every refusal is `{error}` in the client's
 * language; every invalid item says why, in that language; an invalid item
 * leaves no row, a valid one is stored once; and in the end the stored
 * responses are exactly those answered `created`, with rollups equal to a
 * rebuild.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openDatabase } from "~db/connection";
import { rebuildRollups } from "~db/repositories/rollups";
import { MAX_BODY_BYTES, MAX_ITEMS } from "~/api/responses.server";
import { type QuestionnaireDefinition, offeredReasons } from "~/domain/questionnaire";
import { apiLanguage, getT } from "~/i18n/i18n.server";
import { resources } from "~/i18n/resources.server";
import { translateProblems } from "~/utils/problems";
import { databaseFactories } from "../../helpers/databases";
import { type RequestSpec, encode, requestSpecs, resetIds } from "../../helpers/ingest-fuzz";
import { newDevice } from "../../helpers/kiosk";
import { rollupSnapshot } from "../../helpers/rollups";
import { useServer } from "../../helpers/server";

const SEED = 20261126;
const CONCURRENCY = 8;

// ——— translations: a message is "translated" when it fits one of the language's templates ———

function templatePattern(template: string): string {
  return template
    .split(/\{\{\s*\w+\s*\}\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[\\s\\S]*");
}

function languagePatterns(lang: "vi" | "en") {
  const errors = resources[lang].errors as {
    api: Record<string, string>;
    validation: Record<string, string>;
    field_problem: string;
  };
  const validation = `(?:${Object.values(errors.validation).map(templatePattern).join("|")})`;
  const [before, after] = errors.field_problem.split("{{problem}}");
  const fieldPrefix = templatePattern(before);
  return {
    api: new RegExp(`^(?:${Object.values(errors.api).map(templatePattern).join("|")})$`),
    item: new RegExp(`^(?:${fieldPrefix})?${validation}${templatePattern(after ?? "")}$`),
  };
}
const PATTERNS = { vi: languagePatterns("vi"), en: languagePatterns("en") };

describe("the translation check", () => {
  it("tells Vietnamese from English and from untranslated keys", () => {
    for (const [lang, other] of [
      ["vi", "en"],
      ["en", "vi"],
    ] as const) {
      const t = getT(lang);
      const refusal = t("errors:api.too_many_items", { max: MAX_ITEMS });
      const [problem] = translateProblems(
        [{ field: "rating", code: "invalid_option", params: { options: "a, b" } }],
        t
      );
      expect([PATTERNS[lang].api.test(refusal), PATTERNS[other].api.test(refusal)]).toEqual([true, false]);
      expect([PATTERNS[lang].item.test(problem.message), PATTERNS[other].item.test(problem.message)]).toEqual([
        true,
        false,
      ]);
      expect(PATTERNS[lang].item.test("errors:validation.invalid_option")).toBe(false);
    }
  });
});

interface Tally {
  created: Map<string, number>;
  invalidIds: Set<string>;
  statuses: Map<number, number>;
  itemStatuses: Map<string, number>;
  failures: string[];
  /** Milliseconds spent per kind of request (for the printed summary). */
  time: Map<string, number>;
}

function describeSpec(spec: RequestSpec, body: Buffer): string {
  const shown =
    body.length > 300 ? `${body.subarray(0, 300).toString("utf8")}… (${body.length} bytes)` : body.toString("utf8");
  return `${spec.label} [${spec.method} auth=${spec.auth} type=${spec.contentType} lang=${spec.acceptLanguage}] ${shown}`;
}

async function send(url: string, token: string, spec: RequestSpec, tally: Tally): Promise<void> {
  const body = encode(spec);
  const headers: Record<string, string> = {};
  if (spec.contentType !== null) headers["content-type"] = spec.contentType;
  if (spec.acceptLanguage !== null) headers["accept-language"] = spec.acceptLanguage;
  if (spec.auth === "token") headers.authorization = `Bearer ${token}`;
  if (spec.auth === "unknown") headers.authorization = "Bearer hl_AAAAAAAAAAAAAAAAAAAAAA";
  if (spec.auth === "malformed") headers.authorization = "Basic dXNlcjpwYXNz";
  const fail = (why: string): void => {
    tally.failures.push(`${why}\n    ${describeSpec(spec, body)}`);
  };

  const sentAt = Date.now();
  const res = await fetch(`${url}/api/v1/responses`, {
    method: spec.method,
    headers,
    body: spec.method === "GET" ? undefined : new Uint8Array(body),
  });
  const text = await res.text();
  const kind = spec.label.replace(/\d+/g, "N");
  tally.time.set(kind, (tally.time.get(kind) ?? 0) + Date.now() - sentAt);
  tally.statuses.set(res.status, (tally.statuses.get(res.status) ?? 0) + 1);
  const lang = apiLanguage(spec.acceptLanguage);
  // A well-formed request too big for the limit is refused, whatever it holds.
  const status = spec.status === 200 && body.length > MAX_BODY_BYTES ? 413 : spec.status;
  if (res.status >= 500) return fail(`${res.status}: ${text.slice(0, 300)}`);
  if (status !== undefined && res.status !== status)
    return fail(`expected ${status}, got ${res.status}: ${text.slice(0, 300)}`);
  let json: {
    error?: unknown;
    results?: { id: unknown; status: string; errors?: { field: unknown; message: unknown }[] }[];
  };
  try {
    json = JSON.parse(text);
  } catch {
    return fail(`${res.status} without JSON: ${text.slice(0, 200)}`);
  }
  if (res.status !== 200) {
    if (typeof json.error !== "string" || !PATTERNS[lang].api.test(json.error))
      return fail(`${res.status} without a ${lang} {error}: ${text.slice(0, 300)}`);
    return;
  }
  const items = spec.body.items;
  const results = json.results;
  if (!Array.isArray(results) || !items || results.length !== items.length) {
    return fail(`200 with ${Array.isArray(results) ? results.length : "no"} results for ${items?.length ?? "?"} items`);
  }
  results.forEach((result, i) => {
    tally.itemStatuses.set(result.status, (tally.itemStatuses.get(result.status) ?? 0) + 1);
    const expected = items[i].expect;
    if (expected !== "any" && result.status !== expected) {
      fail(
        `item ${i}: expected ${expected}, got ${JSON.stringify(result).slice(0, 500)}; item ${JSON.stringify(
          items[i].value
        )?.slice(0, 300)}`
      );
    }
    if (result.status === "created") {
      const id = String(result.id);
      tally.created.set(id, (tally.created.get(id) ?? 0) + 1);
    } else if (result.status === "invalid") {
      const errors = result.errors;
      if (!Array.isArray(errors) || errors.length === 0) fail(`item ${i}: invalid without errors`);
      for (const e of errors ?? []) {
        if (typeof e.field !== "string" || typeof e.message !== "string" || !PATTERNS[lang].item.test(e.message))
          fail(`item ${i}: error not translated to ${lang}: ${JSON.stringify(e).slice(0, 300)}`);
      }
      if (typeof result.id === "string") tally.invalidIds.add(result.id.toLowerCase());
    } else if (!["duplicate", "conflict"].includes(result.status)) {
      fail(`item ${i}: unknown status ${result.status}`);
    }
  });
}

const RUNS: Record<string, number> = { sqlite: Number(process.env.FUZZ_RUNS ?? 10_000), postgres: 2_000 };

describe.each(databaseFactories())("ingest API fuzz on $dialect", (factory) => {
  const running = useServer(factory);

  it(
    `answers ${RUNS[factory.dialect].toLocaleString(
      "en"
    )} generated requests: no 5xx, translated refusals, no partial rows`,
    { timeout: 600_000 },
    async () => {
      const { url: databaseUrl } = running.database;
      const handle = openDatabase(databaseUrl);
      try {
        // One tablet per worker, at different desks, as a province's traffic arrives.
        const desks = (await handle.db.selectFrom("desks").select("code").orderBy("code").execute()).map((d) => d.code);
        const tokens: string[] = [];
        for (let w = 0; w < CONCURRENCY; w++)
          tokens.push((await newDevice(databaseUrl, desks[w % desks.length])).token);
        const fieldCodes = (
          await handle.db.selectFrom("procedure_fields").select("code").where("active", "=", 1).execute()
        ).map((r) => r.code);
        const questionnaire = await handle.db
          .selectFrom("questionnaires")
          .select("definition")
          .where("version", "=", 1)
          .executeTakeFirstOrThrow();
        const reasons = offeredReasons(JSON.parse(questionnaire.definition) as QuestionnaireDefinition);
        const before = new Set((await handle.db.selectFrom("responses").select("id").execute()).map((r) => r.id));

        resetIds();
        const specs = fc.sample(requestSpecs(fieldCodes, reasons), { seed: SEED, numRuns: RUNS[factory.dialect] });
        const tally: Tally = {
          created: new Map(),
          invalidIds: new Set(),
          statuses: new Map(),
          itemStatuses: new Map(),
          failures: [],
          time: new Map(),
        };
        let next = 0;
        const started = Date.now();
        await Promise.all(
          tokens.map(async (token) => {
            while (next < specs.length) {
              const spec = specs[next++];
              try {
                await send(running.server.url, token, spec, tally);
              } catch (error) {
                tally.failures.push(
                  `request failed: ${(error as Error).message}\n    ${describeSpec(spec, encode(spec))}`
                );
              }
            }
          })
        );
        const seconds = (Date.now() - started) / 1000;
        console.info(
          `fuzz on ${factory.dialect}: ${specs.length} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(
            Object.fromEntries(tally.statuses)
          )}; items ${JSON.stringify(Object.fromEntries(tally.itemStatuses))}`
        );
        console.info(
          `time per kind (ms): ${JSON.stringify(Object.fromEntries([...tally.time].sort((a, b) => b[1] - a[1])))}`
        );
        expect(tally.failures.slice(0, 10), `${tally.failures.length} failures`).toEqual([]);

        // Each id was created once, and the stored responses are exactly those answered `created`.
        expect([...tally.created].filter(([, n]) => n > 1)).toEqual([]);
        const stored = new Set((await handle.db.selectFrom("responses").select("id").execute()).map((r) => r.id));
        const added = [...stored].filter((id) => !before.has(id));
        expect(added.length).toBe(tally.created.size);
        expect(added.filter((id) => !tally.created.has(id))).toEqual([]);
        // An invalid item left no row (unless the same id was stored by a valid item).
        expect(
          [...tally.invalidIds].filter((id) => stored.has(id) && !tally.created.has(id) && !before.has(id))
        ).toEqual([]);
        expect(tally.created.size).toBeGreaterThan(1000 * (RUNS[factory.dialect] / 10_000));

        // The rollups count what is stored.
        const rollups = await rollupSnapshot(handle.db);
        await rebuildRollups(handle.db);
        expect(await rollupSnapshot(handle.db)).toEqual(rollups);
      } finally {
        await handle.close();
      }
    }
  );
});
