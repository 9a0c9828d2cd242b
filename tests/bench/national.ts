/**
 * Issue 18's national installation for the admin pages' and the reports'
 * figures: 34 provinces, 3,321 communes, two desks a commune (6,642), an
 * officer at each desk, 7,000 tablets in every state (online, stale, offline,
 * never paired, revoked), 5,000 accounts, and a year of what they do: the
 * citizens' responses over the desks' office hours (~90% satisfied, ~1%
 * harassment, 0.5% flagged suspect), the cases the harassment answers open and
 * their handling, the managers' review of flagged answers (the last month's
 * still pending), and the audit log all of that writes.
 *
 * Units, desks, tablets, accounts, officers, cases, case events and audit
 * entries are written with the app's repositories (openCases, updateCase,
 * insertCaseEvents, recordAudit, markDueCases…), so every row has what the
 * app writes (search keys, events). The responses are raw prepared inserts
 * in one transaction a day, then the app's own rebuildRollups, as
 * tests/bench/generate.ts does; the SQLite file is cached in bench-data/,
 * keyed by seed, size and migration.
 */
import fs from "node:fs";
import path from "node:path";
import { type DB, openDatabase } from "~db/connection";
import { LATEST_MIGRATION, migrateToLatest } from "~db/migrate";
import { recordAudit } from "~db/repositories/audit";
import { advanceCursor, readCursor } from "~db/repositories/alerts";
import { deadlineDays, dueOnFor, markDueCases } from "~db/repositories/case-deadlines";
import { type CaseToOpen, type NewCaseEvent, insertCaseEvents, openCases, updateCase } from "~db/repositories/cases";
import { insertDesk } from "~db/repositories/desks";
import { insertDevice } from "~db/repositories/devices";
import { seedHolidaysOnce } from "~db/repositories/holidays";
import { insertOfficer } from "~db/repositories/officers";
import { rebuildRollups } from "~db/repositories/rollups";
import { insertUnit } from "~db/repositories/units";
import { insertUser } from "~db/repositories/users";
import type { CaseFinding } from "~db/schema";
import type { Actor, AuditChange } from "~/domain/audit";
import { addDays } from "~/domain/time";
import { VIETNAM_HOLIDAYS } from "~/domain/working-days";
import { CASE_EVENTS_CURSOR } from "~/alerts/dispatch.server";
import { seedCatalog, seededRandom } from "~/setup/demo.server";
import {
  COLUMNS,
  HARASSMENT_AMONG_DISSATISFIED,
  NO_FIELD_SHARE,
  ON_TIME_UNANSWERED,
  ON_TIME_YES,
  RATING_CUTS,
  SUSPECT_SHARE,
  benchId,
  localMinute,
} from "./generate";

/**
 * `responses`: 2 million over the year. A real national year is tens of
 * millions (docs/scaling.md), which would take this shared 2-core machine
 * most of an hour to build and ~20 GB; 2 million builds in a few minutes
 * (~1 GB). What the pages read grows far less than that: the reports read
 * the desk × day rollups, which 2 million answers already fill to ~1.3 M rows
 * of the ~1.9 M (6,642 desks × ~290 open days) a busier year has; the lists
 * read one page of the newest rows by index. What does grow with the count —
 * the cases (~1%), the flagged answers (0.5%) and the audit log — is at its
 * honest share of 2 million: ~20,000 cases and ~10,000 flagged answers.
 */
export const NATIONAL = {
  provinces: 34,
  communes: 3321,
  desksPerCommune: 2,
  tablets: 7000,
  users: 5000,
  responses: 2_000_000,
};

/** The year's last day: the responses cover the 365 days up to it (issue 18's date). */
export const NATIONAL_UNTIL = "2026-12-04";
export const NATIONAL_FROM = addDays(NATIONAL_UNTIL, -364);
/** Flagged answers younger than this many days are still waiting for a manager's review. */
const PENDING_REVIEW_DAYS = 30;
/** Share of dissatisfied citizens who leave a comment. */
const COMMENT_SHARE = 0.3;
const COMMENTS = [
  "Chờ quá lâu, không có ai hướng dẫn.",
  "Cán bộ yêu cầu bổ sung giấy tờ nhiều lần.",
  "Hẹn trả kết quả nhưng không đúng hẹn.",
  "Thái độ tiếp dân chưa niềm nở.",
  "Không có chỗ ngồi chờ, phòng nóng.",
];

const SYLLABLES = ["An", "Bình", "Hòa", "Phú", "Tân", "Đông", "Xuân", "Lộc", "Sơn", "Thạnh", "Mỹ", "Long", "Hưng"];
const name = (n: number) => `${SYLLABLES[n % SYLLABLES.length]} ${SYLLABLES[Math.floor(n / 13) % SYLLABLES.length]}`;
const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"];
const GIVEN = ["Thị Lan", "Văn Hùng", "Thị Mai", "Minh Tuấn", "Thu Hà", "Quốc Bảo", "Ngọc Ánh", "Đức Anh", "Thanh Tâm"];

interface NationDesk {
  deskId: number;
  code: string;
  unitId: number;
  deviceId: number;
  officerId: number;
  /** Index of its commune. */
  commune: number;
}

interface Nation {
  admin: Actor;
  /** Per commune: the manager who handles its cases and reviews (a manager of the commune, else of the province, else the administrator). */
  handler: Actor[];
  desks: NationDesk[];
  fieldCodes: string[];
}

/** Units, desks, tablets (never heard from yet), accounts and the procedure fields. */
async function buildInstallation(
  db: DB,
  adminPasswordHash: string
): Promise<Omit<Nation, "desks"> & { desks: Omit<NationDesk, "officerId">[] }> {
  const at = "2025-07-01T00:00:00.000Z";
  return db.transaction().execute(async (trx) => {
    const provinces: number[] = [];
    for (let p = 0; p < NATIONAL.provinces; p++) {
      const unit = await insertUnit(trx, {
        code: String(10 + p),
        name: `Tỉnh ${name(p)} ${p + 1}`,
        level: "province",
        parentId: null,
        validFrom: "2025-07-01",
        validTo: null,
        createdAt: at,
      });
      provinces.push(unit.id);
    }
    const communes: { id: number; code: string }[] = [];
    for (let c = 0; c < NATIONAL.communes; c++) {
      const p = c % NATIONAL.provinces;
      const code = `${10 + p}${String(Math.floor(c / NATIONAL.provinces) + 1).padStart(3, "0")}`;
      const unit = await insertUnit(trx, {
        code,
        name: `${c % 5 === 0 ? "Phường" : "Xã"} ${name(c)} ${c + 1}`,
        level: "commune",
        parentId: provinces[p],
        validFrom: "2025-07-01",
        validTo: null,
        createdAt: at,
      });
      communes.push({ id: unit.id, code });
    }
    const desks: Omit<NationDesk, "officerId" | "deviceId">[] = [];
    for (const [c, commune] of communes.entries()) {
      for (let d = 1; d <= NATIONAL.desksPerCommune; d++) {
        const code = `${commune.code}-Q${d}`;
        const desk = await insertDesk(trx, {
          code,
          name: d === 1 ? "Bộ phận Một cửa" : `Quầy số ${d}`,
          unitId: commune.id,
          createdAt: at,
        });
        desks.push({ deskId: desk.id, code, unitId: commune.id, commune: c });
      }
    }
    const firstDevice: number[] = [];
    for (let t = 0; t < NATIONAL.tablets; t++) {
      const device = await insertDevice(trx, {
        deskId: desks[t % desks.length].deskId,
        name: `Máy tính bảng ${t + 1}`,
        tokenHash: `national-${t}`,
        createdAt: at,
      });
      if (t < desks.length) firstDevice.push(device.id);
      // Every tenth tablet revoked; when the others were last heard from is set per run (setTabletContacts).
      if (t % 10 === 9) await trx.updateTable("devices").set({ revoked_at: at }).where("id", "=", device.id).execute();
    }
    const admin = await insertUser(trx, {
      username: "quantri",
      passwordHash: adminPasswordHash,
      role: "admin",
      unitId: null,
      createdAt: at,
      passwordChangedAt: at,
    });
    const managers = new Map<number, Actor>();
    for (let u = 1; u < NATIONAL.users; u++) {
      const commune = communes[u % communes.length];
      const unitId = u % 50 === 0 ? provinces[u % provinces.length] : commune.id;
      const role = u % 4 === 0 ? "manager" : "viewer";
      const user = await insertUser(trx, {
        username: `cb${String(u).padStart(4, "0")}.${commune.code}`,
        passwordHash: adminPasswordHash,
        role,
        unitId,
        createdAt: at,
        passwordChangedAt: at,
      });
      if (role === "manager" && !managers.has(unitId)) managers.set(unitId, { id: user.id, username: user.username });
    }
    const adminActor = { id: admin.id, username: admin.username };
    const handler = communes.map(
      (c, i) => managers.get(c.id) ?? managers.get(provinces[i % NATIONAL.provinces]) ?? adminActor
    );
    const fieldCodes = await seedCatalog(trx, at);
    return {
      admin: adminActor,
      handler,
      desks: desks.map((d, i) => ({ ...d, deviceId: firstDevice[i] })),
      fieldCodes,
    };
  });
}

/**
 * When the tablets were last heard from, relative to `now` (set on each
 * run's copy of the cached file): 60% a minute ago, 10% ten minutes
 * ago, 10% two days ago, 10% never (the revoked tenth stays as built).
 */
export async function setTabletContacts(db: DB, now: Date): Promise<void> {
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
  const devices = await db
    .selectFrom("devices")
    .select("id")
    .where("token_hash", "like", "national-%")
    .orderBy("id")
    .execute();
  await db.transaction().execute(async (trx) => {
    for (const { id } of devices) {
      const kind = (id - devices[0].id) % 10;
      const seen = kind < 6 ? minutesAgo(1) : kind === 6 ? minutesAgo(10) : kind === 7 ? minutesAgo(2 * 1440) : null;
      await trx.updateTable("devices").set({ last_seen_at: seen }).where("id", "=", id).execute();
    }
  });
}

/**
 * The year's case events as an installation in use would have them: alerted
 * as they happened (each run's copy). Otherwise every run's server spends its
 * first seconds dispatching a year of alerts while the pages are measured.
 */
export async function markCaseEventsDispatched(db: DB): Promise<void> {
  const last = await db
    .selectFrom("case_events")
    .select((eb) => eb.fn.max("id").as("id"))
    .executeTakeFirst();
  const from = await readCursor(db, CASE_EVENTS_CURSOR);
  if (last?.id && Number(last.id) > from) await advanceCursor(db, CASE_EVENTS_CURSOR, from, Number(last.id));
}

/** A case to open: a counted harassment answer, opened when it arrived (or when a manager counted it after all). */
interface CaseSeed extends CaseToOpen {
  commune: number;
}

interface ReviewSeed {
  id: string;
  unitId: number;
  commune: number;
  at: string;
  accepted: boolean;
}

/** Local open days of the year: Monday–Saturday but holidays, Saturday mornings only. */
function openDays(): { date: string; saturday: boolean }[] {
  const holidays = new Set(VIETNAM_HOLIDAYS.map((h) => h.date));
  const days: { date: string; saturday: boolean }[] = [];
  for (let date = NATIONAL_FROM; date <= NATIONAL_UNTIL; date = addDays(date, 1)) {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && !holidays.has(date)) days.push({ date, saturday: weekday === 6 });
  }
  return days;
}

const hoursLater = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

/** The responses, raw; returns the cases their harassment answers open and the reviews of the flagged ones. */
function fillResponses(
  sqlite: import("better-sqlite3").Database,
  nation: Nation,
  size: number,
  seed: number
): { cases: CaseSeed[]; reviews: ReviewSeed[] } {
  const random = seededRandom(seed);
  const days = openDays();
  const columns = [...COLUMNS, "officer_id"];
  const insert = sqlite.prepare(
    `insert into responses (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`
  );
  const cases: CaseSeed[] = [];
  const reviews: ReviewSeed[] = [];
  const reviewedBefore = addDays(NATIONAL_UNTIL, -PENDING_REVIEW_DAYS);
  // Wards are busier than rural communes; the one-stop desk takes most citizens, the second desk the rest.
  const pickDesk = (): NationDesk => {
    for (;;) {
      const c = Math.floor(random() * NATIONAL.communes);
      if (c % 5 !== 0 && random() < 0.5) continue;
      return nation.desks[c * NATIONAL.desksPerCommune + (random() < 0.7 ? 0 : 1)];
    }
  };
  const perDay = Math.floor(size / days.length);
  let extra = size - perDay * days.length;
  let i = 0;
  const writeDay = sqlite.transaction((day: { date: string; saturday: boolean }, count: number) => {
    for (let k = 0; k < count; k++, i++) {
      const desk = pickDesk();
      const minute = localMinute(random, day.saturday);
      const second = Math.floor(random() * 60);
      const localMs = Date.parse(`${day.date}T00:00:00Z`) + minute * 60_000 + second * 1000;
      const at = new Date(localMs - 7 * 3_600_000).toISOString();
      const r = random();
      const rating = RATING_CUTS.find(([cut]) => r < cut)![1];
      const harassment = rating === "dissatisfied" && random() < HARASSMENT_AMONG_DISSATISFIED ? 1 : 0;
      const reasons = rating !== "dissatisfied" ? "[]" : harassment ? '["harassment"]' : '["long_wait"]';
      const comment =
        rating === "dissatisfied" && random() < COMMENT_SHARE ? COMMENTS[Math.floor(random() * COMMENTS.length)] : null;
      const f = random();
      const field = f < NO_FIELD_SHARE ? null : nation.fieldCodes[Math.floor(random() * nation.fieldCodes.length)];
      const o = random();
      const onTime =
        o < ON_TIME_UNANSWERED ? null : o < ON_TIME_UNANSWERED + (1 - ON_TIME_UNANSWERED) * ON_TIME_YES ? 1 : 0;
      const flagged = random() < SUSPECT_SHARE;
      // A flagged answer older than a month has been reviewed: most kept out, a fifth counted after all.
      const reviewed = flagged && day.date < reviewedBefore;
      const accepted = reviewed && random() < 0.2;
      const id = benchId(seed, i);
      insert.run(
        id,
        desk.deviceId,
        desk.deskId,
        desk.unitId,
        "commune",
        1,
        rating,
        reasons,
        harassment,
        field,
        null,
        onTime,
        comment,
        "vi",
        null,
        at,
        at,
        at,
        day.date,
        Math.floor(minute / 60),
        0,
        flagged && !accepted ? 1 : 0,
        flagged ? "interval" : null,
        reviewed ? (accepted ? "accepted" : "kept") : null,
        id.replace(/-/g, "").repeat(2),
        desk.officerId
      );
      const reviewAt = reviewed ? hoursLater(at, 24 + Math.floor(random() * 6 * 24)) : null;
      if (reviewed) reviews.push({ id, unitId: desk.unitId, commune: desk.commune, at: reviewAt!, accepted });
      if (harassment && (!flagged || accepted)) {
        cases.push({
          responseId: id,
          unitId: desk.unitId,
          deskId: desk.deskId,
          commune: desk.commune,
          openedAt: reviewAt ?? at,
          dueOn: "",
        });
      }
    }
  });
  for (const day of days) {
    const count = perDay + (extra > 0 ? 1 : 0);
    if (extra > 0) extra--;
    writeDay(day, count);
  }
  return { cases, reviews };
}

interface AuditSeed {
  actor: Actor;
  at: string;
  change: AuditChange;
}

const FINDINGS: [number, CaseFinding][] = [
  [0.4, "founded"],
  [0.85, "unfounded"],
  [1, "insufficient"],
];

/**
 * Opens the cases (openCases, due dates from the holidays) and handles them
 * as managers do: assigned the next day, verified the day after, most
 * concluded within two weeks; the last days' still new, a few old ones
 * overdue. Each step updates the case, adds its event and its audit entry.
 */
async function handleCases(trx: DB, nation: Nation, seeds: CaseSeed[], seed: number, audit: AuditSeed[]) {
  const random = seededRandom(seed + 1);
  const days = await deadlineDays(trx);
  const dueByDate = new Map<string, string>();
  const localDate = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);
  for (const c of seeds) {
    const openedOn = localDate(c.openedAt);
    if (!dueByDate.has(openedOn)) dueByDate.set(openedOn, await dueOnFor(trx, openedOn, days));
    c.dueOn = dueByDate.get(openedOn)!;
  }
  seeds.sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : 0));
  await openCases(trx, seeds);
  const ids = new Map(
    (await trx.selectFrom("cases").select(["id", "response_id"]).execute()).map((r) => [r.response_id, Number(r.id)])
  );
  const until = `${NATIONAL_UNTIL}T10:00:00.000Z`;
  const events: NewCaseEvent[] = [];
  for (const c of seeds) {
    const id = ids.get(c.responseId)!;
    const actor = nation.handler[c.commune];
    const step = (hours: number) => hoursLater(c.openedAt, hours + random() * 8);
    const assignedAt = step(20);
    if (assignedAt > until) continue;
    const verifyingAt = step(44);
    const concludedAt = step(24 * (3 + Math.floor(random() * 12)));
    // A few old cases stay open past their last day.
    const stuck = random() < 0.04;
    const record = (
      at: string,
      type: NewCaseEvent["type"],
      action: AuditChange["action"],
      before: object,
      after: object
    ) => {
      events.push({ caseId: id, type, at, userId: actor.id, before, after });
      audit.push({ actor, at, change: { action, entity: "case", entityId: id, unitId: c.unitId, before, after } });
    };
    record(assignedAt, "assigned", "assign", { assignee: null }, { assignee: actor.username });
    if (verifyingAt > until || random() < 0.1) {
      await updateCase(trx, id, { assigneeUserId: actor.id });
      continue;
    }
    record(verifyingAt, "status", "start_verifying", { status: "new" }, { status: "verifying" });
    if (concludedAt > until || stuck) {
      await updateCase(trx, id, { assigneeUserId: actor.id, status: "verifying" });
      continue;
    }
    const f = random();
    const finding = FINDINGS.find(([cut]) => f < cut)![1];
    const input = {
      finding,
      measures: finding === "founded" ? "Nhắc nhở, kiểm điểm cán bộ; công khai xin lỗi công dân." : null,
      reply: "Đã liên hệ công dân, thông báo kết quả xác minh.",
    };
    record(
      concludedAt,
      "concluded",
      "conclude",
      { status: "verifying", finding: null, measures: null, reply: null },
      { status: "concluded", ...input }
    );
    await updateCase(trx, id, { assigneeUserId: actor.id, status: "concluded", concludedAt, ...input });
  }
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (let i = 0; i < events.length; i += 1000) await insertCaseEvents(trx, events.slice(i, i + 1000));
}

export interface NationalDatabase {
  url: string;
  cached: boolean;
  seconds: number;
  counts: Record<string, number>;
}

/** The national installation with its year, from bench-data/ when cached there. */
export async function nationalDatabase(
  dir: string,
  seed: number,
  adminPasswordHash: () => Promise<string>,
  log: (s: string) => void
): Promise<NationalDatabase> {
  fs.mkdirSync(dir, { recursive: true });
  const size = NATIONAL.responses;
  const file = path.join(dir, `national-seed${seed}-n${size}-${LATEST_MIGRATION}.sqlite`);
  const started = Date.now();
  const cached = fs.existsSync(file);
  if (!cached) {
    const tmp = `${file}.partial`;
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
    const handle = openDatabase(`file:${tmp}`);
    const since = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
    try {
      await migrateToLatest(handle);
      const sqlite = handle.sqlite!;
      // Generation only: no journal, no syncs, a big page cache. The file is thrown away if this fails.
      sqlite.pragma("journal_mode = OFF");
      sqlite.pragma("synchronous = OFF");
      sqlite.pragma("cache_size = -1000000");
      log(`  building the installation into ${path.basename(file)}…`);
      const built = await buildInstallation(handle.db, await adminPasswordHash());
      await seedHolidaysOnce(handle.db, VIETNAM_HOLIDAYS);
      const audit: AuditSeed[] = [];
      const officerAt = "2025-07-15T02:00:00.000Z";
      const officers = await handle.db.transaction().execute(async (trx) => {
        const ids: number[] = [];
        for (const [i, desk] of built.desks.entries()) {
          const officer = await insertOfficer(trx, {
            code: `CB-${desk.code}`,
            name: `${FAMILY[i % FAMILY.length]} ${GIVEN[Math.floor(i / FAMILY.length) % GIVEN.length]}`,
            deskId: desk.deskId,
            pinHash: null,
            at: officerAt,
          });
          ids.push(officer.id);
          audit.push({
            actor: built.admin,
            at: officerAt,
            change: {
              action: "create",
              entity: "officer",
              entityId: officer.id,
              unitId: desk.unitId,
              after: { code: officer.code, name: officer.name, desk: desk.code, active: 1, pin: 0 },
            },
          });
        }
        return ids;
      });
      const nation: Nation = { ...built, desks: built.desks.map((d, i) => ({ ...d, officerId: officers[i] })) };
      log(`  ${size.toLocaleString("en")} responses (${since()} so far)…`);
      const { cases, reviews } = fillResponses(sqlite, nation, size, seed);
      log(`  rebuilding rollups (${since()} so far)…`);
      await rebuildRollups(handle.db);
      log(
        `  ${cases.length.toLocaleString("en")} cases, ${reviews.length.toLocaleString("en")} reviews (${since()} so far)…`
      );
      for (const r of reviews) {
        const suspect = r.accepted ? 0 : 1;
        audit.push({
          actor: nation.handler[r.commune],
          at: r.at,
          change: {
            action: r.accepted ? "suspect.accept" : "suspect.keep",
            entity: "response",
            entityId: r.id,
            unitId: r.unitId,
            before: { suspect: 1, review: null, reason: "interval" },
            after: { suspect, review: r.accepted ? "accepted" : "kept", reason: "interval" },
          },
        });
      }
      await handle.db.transaction().execute(async (trx) => {
        await handleCases(trx, nation, cases, seed, audit);
        audit.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
        for (const a of audit) await recordAudit(trx, a.actor, new Date(a.at), a.change);
      });
      // The scheduler's deadline check, as it ran on the year's last day.
      await markDueCases(handle.db, new Date(`${NATIONAL_UNTIL}T10:00:00.000Z`));
      sqlite.pragma("journal_mode = WAL");
    } finally {
      await handle.close();
    }
    fs.renameSync(tmp, file);
  }
  const handle = openDatabase(`file:${file}`);
  try {
    const counts: Record<string, number> = {};
    for (const table of ["responses", "rollup_day", "cases", "case_events", "audit_log", "officers"] as const) {
      const row = await handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    const pending = await handle.db
      .selectFrom("responses")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("suspect_reason", "is not", null)
      .where("suspect_review", "is", null)
      .executeTakeFirstOrThrow();
    counts.pendingReview = Number(pending.n);
    return { url: `file:${file}`, cached, seconds: (Date.now() - started) / 1000, counts };
  } finally {
    await handle.close();
  }
}
