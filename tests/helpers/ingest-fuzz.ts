/**
 * Generators for the ingest API fuzz test (tests/integration/ingest/fuzz.test.ts):
 * valid, odd-but-valid and invalid items, and whole requests around them
 * (methods, credentials, content types, languages, bodies over the limit).
 */
import fc from "fast-check";
import { MAX_BODY_BYTES, MAX_ITEMS } from "~/api/responses.server";
import { RATINGS, REASONS } from "~/domain/response";
import { MAX_COMMENT_LENGTH, MAX_DOSSIER_CODE_LENGTH } from "~/ingest/item.server";

export type Expected = "created" | "invalid" | "duplicate" | "conflict" | "any";
export interface ItemSpec {
  value: unknown;
  expect: Expected;
}
export type Body =
  { kind: "envelope"; items: ItemSpec[]; pad?: number } | { kind: "raw"; bytes: Buffer; items?: ItemSpec[] };
export interface RequestSpec {
  label: string;
  method: string;
  auth: "token" | "none" | "unknown" | "malformed";
  contentType: string | null;
  acceptLanguage: string | null;
  body: Body;
  /** The status the request must get, when it is certain (200: unless the body is over the limit, then 413). */
  status?: number;
}

// ——— generated items ———

let idCounter = 0;
/** Ids start again from the first (each database starts empty). */
export function resetIds(): void {
  idCounter = 0;
}
/**
 * Tap times of a batch lie within 90 minutes before its base time (at most 20 days ago), as an
 * outbox delivers them: the spam rule reads a device's stored taps around a batch's time span.
 */
let batchBase = Date.now();
/** Unique, valid v4 UUIDs in generation order (fast-check's own uuids repeat by design). */
export function nextId(): string {
  const n = (idCounter++).toString(16).padStart(12, "0");
  return `f0220000-0000-4000-8000-${n}`;
}

export function isoWithOffset(at: Date, offsetMinutes: number): string {
  if (offsetMinutes === 0) return at.toISOString();
  const local = new Date(at.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

export const VIETNAMESE = [
  ..."aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ",
];
export const word = fc.string({ unit: fc.constantFrom(...VIETNAMESE, "😀", "漢"), minLength: 1, maxLength: 12 });
/** Text that cleaning leaves as it is (no outer spaces, no control characters, NFC), within `max`. */
export function cleanTextUpTo(max: number) {
  return fc
    .oneof(
      {
        weight: 4,
        arbitrary: fc.array(word, { minLength: 1, maxLength: 20 }).map((w) => w.join(" ").slice(0, max).trim()),
      },
      { weight: 1, arbitrary: fc.constantFrom("ệ".repeat(max), "a".repeat(max)) }
    )
    .filter((s) => s.length > 0 && s.length <= max && !/[\uD800-\uDFFF]$/.test(s));
}

export function validItem(fieldCodes: string[], reasons: string[]) {
  return fc
    .record({
      rating: fc.constantFrom(...RATINGS),
      reasons: fc.subarray(reasons, { minLength: 1 }),
      fieldCode: fc.option(fc.constantFrom(...fieldCodes), { nil: undefined }),
      onTime: fc.option(fc.boolean(), { nil: undefined }),
      comment: fc.option(cleanTextUpTo(MAX_COMMENT_LENGTH), { nil: undefined }),
      dossierCode: fc.option(fc.stringMatching(/^[A-Z0-9][A-Z0-9.-]{0,40}$/), { nil: undefined }),
      language: fc.option(fc.constantFrom("vi", "en"), { nil: undefined }),
      minutesAgo: fc.integer({ min: 0, max: 90 }),
      offset: fc.constantFrom(0, 420, -330, 840, -720),
      nulls: fc.boolean(),
    })
    .map((g) => {
      const item: Record<string, unknown> = {
        id: nextId(),
        submittedAt: isoWithOffset(new Date(batchBase - g.minutesAgo * 60_000), g.offset),
        questionnaireVersion: 1,
        rating: g.rating,
      };
      if (g.rating === "dissatisfied") item.reasons = g.reasons;
      else if (g.nulls) item.reasons = null;
      for (const key of ["fieldCode", "onTime", "comment", "dossierCode", "language"] as const) {
        if (g[key] !== undefined) item[key] = g[key];
        else if (g.nulls) item[key] = null;
      }
      return item;
    });
}

/** Valid items whose odd corners the server must store as given (or cleaned): expected `created`. */
export function oddButValid(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const odd = fc.oneof(
    // ancient and future taps: stored, counted at receipt time
    fc
      .constantFrom(
        "0000-01-01T00:00:00Z",
        "0001-01-01T00:00:00+23:59",
        "1970-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999+14:00",
        "2100-02-28T12:00:00-12:00"
      )
      .map((submittedAt) => ({ submittedAt })),
    // text that cleaning repairs: control characters, NUL, lone surrogates, outer spaces, decomposed accents
    fc
      .constantFrom(
        "\u0000abc",
        " \t\n chờ lâu \u0007",
        "\uD800x\uDFFF",
        "e\u0301e\u0301",
        "\u0000",
        "   ",
        "a\u0000".repeat(1000)
      )
      .map((comment) => ({ comment })),
    fc.constant({ answers: {} }),
    fc.constant({ uppercaseId: true })
  );
  return fc.tuple(valid, odd).map(([item, change]) => {
    const { uppercaseId, ...rest } = change as { uppercaseId?: boolean } & Record<string, unknown>;
    const out: Record<string, unknown> = { ...item, ...rest };
    if (uppercaseId) out.id = String(item.id).toUpperCase();
    return out;
  });
}

export const notAnyOf = (values: readonly unknown[]) => fc.anything().filter((v) => !values.includes(v as never));

/** One change that makes a valid item invalid. */
export function invalidItem(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const wrong: Record<string, fc.Arbitrary<unknown>> = {
    id: fc.oneof(fc.integer(), fc.constantFrom("", "not-a-uuid", "f0220000000040008000000000000000", null, {}, [])),
    submittedAt: fc.oneof(
      fc.constantFrom(
        "yesterday",
        "2026-11-26",
        "2026-11-26T09:30:00",
        "2026-02-30T00:00:00Z",
        "2026-11-26T24:00:00Z",
        "+275760-09-13T00:00:00Z",
        null,
        true
      ),
      fc.integer()
    ),
    questionnaireVersion: fc.oneof(
      fc.constantFrom("1", 1.5, 0, -1, 1_000_001, null, true, Number.MAX_SAFE_INTEGER, 987_654)
    ),
    rating: fc.oneof(
      fc.constantFrom("happy", "SATISFIED", "", null, 1),
      fc.string().filter((s) => !RATINGS.includes(s as never))
    ),
    reasons: fc.constantFrom("harassment", [1], ["bribery"], {}, Array(REASONS.length + 1).fill("other")),
    fieldCode: fc.constantFrom(42, {}, [], "khong_co_linh_vuc", "x".repeat(40), "x".repeat(41)),
    dossierCode: fc.constantFrom(12, "x".repeat(MAX_DOSSIER_CODE_LENGTH + 1), ["a"]),
    onTime: fc.constantFrom("yes", 1, "true", {}),
    comment: fc.oneof(
      fc.constantFrom(123, {}, ["x"], false),
      fc.integer({ min: MAX_COMMENT_LENGTH + 1, max: 20_000 }).map((n) => "ư".repeat(n))
    ),
    language: fc.constantFrom("fr", "VI", 1, ""),
    answers: fc.oneof(
      fc.constantFrom(
        [],
        "x",
        5,
        { no_such_question: 1 },
        { ["k".repeat(41)]: 1 },
        JSON.parse('{"__proto__": {"p": 1}}')
      ),
      fc.integer({ min: 1, max: 500 }).map((depth) => {
        let nested: unknown = "bottom";
        for (let i = 0; i < depth; i++) nested = { a: nested };
        return { deep: nested };
      })
    ),
  };
  const change = fc.oneof(
    fc.constantFrom(...Object.keys(wrong)).chain((key) => wrong[key].map((value) => ({ set: { [key]: value } }))),
    fc.constantFrom("id", "submittedAt", "questionnaireVersion", "rating").map((key) => ({ drop: key })),
    fc
      .tuple(fc.string({ minLength: 1, maxLength: 50 }), fc.jsonValue({ maxDepth: 3 }))
      .filter(
        ([key]) =>
          ![
            "id",
            "submittedAt",
            "questionnaireVersion",
            "rating",
            "reasons",
            "fieldCode",
            "dossierCode",
            "onTime",
            "comment",
            "language",
            "answers",
            "__proto__",
          ].includes(key)
      )
      .map(([key, value]) => ({ set: { [key]: value } })),
    fc.constantFrom("satisfied", "neutral").map((rating) => ({ set: { rating, reasons: ["long_wait"] } })),
    fc.constant({ set: { rating: "dissatisfied", reasons: ["long_wait", "long_wait"] } })
  );
  return fc.tuple(valid, change).map(([item, c]) => {
    const out: Record<string, unknown> = { ...item };
    if ("drop" in c) delete out[c.drop];
    else Object.assign(out, c.set);
    return out;
  });
}

export function itemSpecs(fieldCodes: string[], reasons: string[]): fc.Arbitrary<ItemSpec[]> {
  const valid = validItem(fieldCodes, reasons);
  const one: fc.Arbitrary<ItemSpec> = fc.oneof(
    { weight: 5, arbitrary: valid.map((value) => ({ value, expect: "created" as const })) },
    { weight: 2, arbitrary: oddButValid(valid).map((value) => ({ value, expect: "created" as const })) },
    { weight: 4, arbitrary: invalidItem(valid).map((value) => ({ value, expect: "invalid" as const })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(null, [], "", 0, {}))
        .map((value) => ({ value, expect: "any" as const })),
    }
  );
  const size = fc.oneof(
    { weight: 20, arbitrary: fc.integer({ min: 1, max: 6 }) },
    { weight: 1, arbitrary: fc.integer({ min: 7, max: 120 }) }
  );
  return fc
    .tuple(
      size,
      fc.infiniteStream(one),
      fc.array(fc.nat(), { maxLength: 2 }),
      fc.boolean(),
      fc.integer({ min: 0, max: 20 * 24 * 60 })
    )
    .map(([n, stream, copies, sameContent, baseMinutesAgo]) => {
      batchBase = Date.now() - baseMinutesAgo * 60_000;
      const items = [...stream.take(n)];
      // Repeated ids within the batch: the same content is a duplicate, other content a conflict.
      for (const pick of copies) {
        const original = items[pick % items.length];
        if (original.expect !== "created") continue;
        const value = original.value as Record<string, unknown>;
        items.push(
          sameContent
            ? { value: { ...value }, expect: "duplicate" }
            : { value: { ...value, comment: "nội dung khác" }, expect: "conflict" }
        );
      }
      return items;
    });
}

// ——— generated requests ———

export const ACCEPT_LANGUAGES = [
  "vi",
  "en",
  "en-US,en;q=0.9",
  "vi-VN,vi;q=0.9,en;q=0.8",
  "fr",
  "",
  "*",
  null,
  "ÿþ;q=x,,en",
];
export const INVALID_UTF8 = [
  [0xff],
  [0xc3, 0x28],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xc0, 0xaf],
  [0xe2, 0x82],
];

export function requestSpecs(fieldCodes: string[], reasons: string[]): fc.Arbitrary<RequestSpec> {
  const items = itemSpecs(fieldCodes, reasons);
  const language = fc.constantFrom(...ACCEPT_LANGUAGES);
  const jsonType = fc.constantFrom("application/json", "application/json; charset=utf-8", "Application/JSON");
  const base = (label: string, body: Body, status?: number) =>
    fc.tuple(language, jsonType).map(([acceptLanguage, contentType]): RequestSpec => ({
      label,
      method: "POST",
      auth: "token",
      contentType,
      acceptLanguage,
      body,
      status,
    }));
  return fc.oneof(
    { weight: 60, arbitrary: items.chain((list) => base("batch", { kind: "envelope", items: list }, 200)) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: MAX_ITEMS + 1, max: MAX_ITEMS + 20 })
        .chain((n) =>
          base(
            "too many items",
            { kind: "envelope", items: Array.from({ length: n }, () => ({ value: {}, expect: "any" as const })) },
            413
          )
        ),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(MAX_BODY_BYTES, MAX_BODY_BYTES + 1, MAX_BODY_BYTES * 2)
        .chain((bytes) =>
          items.chain((list) => base(`body of ${bytes} bytes`, { kind: "envelope", items: list, pad: bytes }, 200))
        ),
    },
    {
      weight: 4,
      arbitrary: fc.tuple(items, fc.constantFrom(...INVALID_UTF8), fc.boolean()).chain(([list, bad, inString]) => {
        const first = list.find((s) => s.expect === "created");
        if (inString && first) {
          // Inside a string the bytes decode as U+FFFD: the item stays valid and is stored.
          const value = { ...(first.value as Record<string, unknown>), comment: "\u0001MARK\u0001" };
          const [head, tail] = JSON.stringify({ responses: [value] }).split("\\u0001MARK\\u0001");
          return base(
            "invalid UTF-8 in a string",
            {
              kind: "raw",
              bytes: Buffer.concat([Buffer.from(`${head}chờ `), Buffer.from(bad), Buffer.from(tail)]),
              items: [{ value, expect: "created" }],
            },
            200
          );
        }
        // Outside a string they make the body no JSON.
        const json = JSON.stringify({ responses: list.map((s) => s.value) });
        const at = json.indexOf("[") + 1;
        const bytes = Buffer.concat([Buffer.from(json.slice(0, at)), Buffer.from(bad), Buffer.from(json.slice(at))]);
        return base("invalid UTF-8 outside strings", { kind: "raw", bytes }, 400);
      }),
    },
    {
      weight: 4,
      arbitrary: fc
        .oneof(
          fc.string({ maxLength: 200 }).filter((s) => {
            try {
              JSON.parse(s);
              return false;
            } catch {
              return true;
            }
          }),
          fc.constantFrom(
            "",
            "{",
            '{"responses": [',
            '\uFEFF{"responses": []}',
            "undefined",
            "NaN",
            "'{}'",
            '{"responses": [1,]}'
          )
        )
        .chain((text) => base("not JSON", { kind: "raw", bytes: Buffer.from(text) }, 400)),
    },
    {
      weight: 3,
      arbitrary: fc
        .oneof(
          fc.constantFrom(
            {},
            [],
            null,
            42,
            "responses",
            { responses: [] },
            { responses: "x" },
            { responses: {} },
            { responses: null },
            { Responses: [{}] }
          ),
          fc.integer({ min: 1_000, max: 100_000 }).map((depth) => ({ rawNested: depth }))
        )
        .chain((value) => {
          if (value && typeof value === "object" && "rawNested" in value) {
            // Deeper than any recursive JSON or validation code would survive; written as text
            // (JSON.stringify itself recurses).
            const depth = (value as { rawNested: number }).rawNested;
            const inItem = depth % 2 === 0;
            const nested = inItem
              ? `{"id":"${nextId()}","submittedAt":"2026-11-26T09:30:00+07:00","questionnaireVersion":1,"rating":"neutral","answers":{"deep":${'{"a":'.repeat(
                  depth
                )}1${"}".repeat(depth)}}}`
              : `${"[".repeat(depth)}${"]".repeat(depth)}`;
            return base(`nesting ${depth} deep${inItem ? " in answers" : ""}`, {
              kind: "raw",
              bytes: Buffer.from(`{"responses":[${nested}]}`),
              items: [{ value: null, expect: "invalid" }],
            });
          }
          return base("not the envelope", { kind: "raw", bytes: Buffer.from(JSON.stringify(value)) }, 400);
        }),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          items,
          fc.constantFrom(
            null,
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/xml",
            "json",
            "text/json"
          ),
          language
        )
        .map(([list, contentType, acceptLanguage]) => ({
          label: "wrong content type",
          method: "POST",
          auth: "token" as const,
          contentType,
          acceptLanguage,
          body: { kind: "envelope" as const, items: list },
          status: 415,
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(items, fc.constantFrom("GET", "PUT", "DELETE", "PATCH"), language)
        .map(([list, method, acceptLanguage]) => ({
          label: `method ${method}`,
          method,
          auth: "token" as const,
          contentType: "application/json",
          acceptLanguage,
          body: { kind: "envelope" as const, items: list },
          status: 405,
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          items,
          fc.constantFrom("none", "unknown", "malformed") as fc.Arbitrary<"none" | "unknown" | "malformed">,
          language
        )
        .map(([list, auth, acceptLanguage]) => ({
          label: `auth ${auth}`,
          method: "POST",
          auth,
          contentType: "application/json",
          acceptLanguage,
          body: { kind: "envelope" as const, items: list },
          status: 401,
        })),
    }
  );
}

export function encode(spec: RequestSpec): Buffer {
  if (spec.body.kind === "raw") return spec.body.bytes;
  const envelope: Record<string, unknown> = { responses: spec.body.items.map((s) => s.value) };
  const text = JSON.stringify(envelope);
  if (spec.body.pad === undefined) return Buffer.from(text);
  // Padded with an extra envelope property to exactly `pad` bytes.
  const empty = Buffer.byteLength(JSON.stringify({ ...envelope, pad: "" }));
  return Buffer.from(JSON.stringify({ ...envelope, pad: "x".repeat(Math.max(0, spec.body.pad - empty)) }));
}
