/**
 * Synthetic responses for the report benchmark, from a fixed seed: a year of
 * office hours over the bench province (province.ts), ~90% satisfied, ~1%
 * harassment, 0.5% suspect. Raw rows bypass the API (prepared statements in
 * big transactions on SQLite; INSERT … SELECT generate_series on PostgreSQL),
 * then the rollups are built by the app's own rebuild (rebuildRollups).
 * SQLite files are cached in bench-data/, keyed by seed, size and migration.
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "~db/connection";
import { LATEST_MIGRATION, migrateToLatest } from "~db/migrate";
import { rebuildRollups } from "~db/repositories/rollups";
import { seededRandom } from "~/setup/demo.server";
import { BENCH_YEAR, type BenchProvince, buildProvince, openDays } from "./province";

export const RATING_CUTS = [
  [0.45, "very_satisfied"],
  [0.9, "satisfied"],
  [0.96, "neutral"],
  [1, "dissatisfied"],
] as const;
/** Share of dissatisfied citizens who name harassment: 4% × 25% = 1% of all. */
export const HARASSMENT_AMONG_DISSATISFIED = 0.25;
export const SUSPECT_SHARE = 0.005;
export const NO_FIELD_SHARE = 0.05;
export const ON_TIME_UNANSWERED = 0.3;
export const ON_TIME_YES = 0.97;
/** Office hours in local minutes: 07:30–11:30 and 13:30–17:00; Saturdays the morning only. */
export const MORNING = [450, 690] as const;
export const AFTERNOON = [810, 1020] as const;

export const COLUMNS = [
  "id",
  "device_id",
  "desk_id",
  "unit_id",
  "unit_level",
  "questionnaire_version",
  "rating",
  "reasons",
  "harassment",
  "field_code",
  "dossier_code",
  "on_time",
  "comment",
  "language",
  "answers",
  "submitted_at",
  "received_at",
  "effective_at",
  "local_date",
  "local_hour",
  "clock_corrected",
  "suspect",
  "suspect_reason",
  "suspect_review",
  "content_hash",
];

/** A UUID-shaped id from the seed and a counter: sequential keys keep generation fast. */
export function benchId(seed: number, i: number): string {
  return `${(seed >>> 0).toString(16).padStart(8, "0")}-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
}

export function localMinute(random: () => number, saturday: boolean): number {
  const morning = MORNING[1] - MORNING[0];
  const span = saturday ? morning : morning + (AFTERNOON[1] - AFTERNOON[0]);
  const m = Math.floor(random() * span);
  return m < morning ? MORNING[0] + m : AFTERNOON[0] + (m - morning);
}

function fill(sqlite: import("better-sqlite3").Database, province: BenchProvince, size: number, seed: number) {
  const random = seededRandom(seed);
  const days = openDays(BENCH_YEAR);
  const insert = sqlite.prepare(
    `insert into responses (${COLUMNS.join(", ")}) values (${COLUMNS.map(() => "?").join(", ")})`
  );
  const perDay = Math.floor(size / days.length);
  let extra = size - perDay * days.length;
  let i = 0;
  const writeDay = sqlite.transaction((day: { date: string; saturday: boolean }, count: number) => {
    for (let k = 0; k < count; k++, i++) {
      const desk = province.desks[Math.floor(random() * province.desks.length)];
      const minute = localMinute(random, day.saturday);
      const second = Math.floor(random() * 60);
      const localMs = Date.parse(`${day.date}T00:00:00Z`) + minute * 60_000 + second * 1000;
      const at = new Date(localMs - 7 * 3_600_000).toISOString();
      const r = random();
      const rating = RATING_CUTS.find(([cut]) => r < cut)![1];
      const harassment = rating === "dissatisfied" && random() < HARASSMENT_AMONG_DISSATISFIED ? 1 : 0;
      const reasons = rating !== "dissatisfied" ? "[]" : harassment ? '["harassment"]' : '["long_wait"]';
      const f = random();
      const field = f < NO_FIELD_SHARE ? null : province.fieldCodes[Math.floor(random() * province.fieldCodes.length)];
      const o = random();
      const onTime =
        o < ON_TIME_UNANSWERED ? null : o < ON_TIME_UNANSWERED + (1 - ON_TIME_UNANSWERED) * ON_TIME_YES ? 1 : 0;
      const suspect = random() < SUSPECT_SHARE ? 1 : 0;
      const id = benchId(seed, i);
      insert.run(
        id,
        desk.deviceId,
        desk.deskId,
        desk.unitId,
        desk.level,
        1,
        rating,
        reasons,
        harassment,
        field,
        null,
        onTime,
        null,
        "vi",
        null,
        at,
        at,
        at,
        day.date,
        Math.floor(minute / 60),
        0,
        suspect,
        suspect ? "interval" : null,
        null,
        id.replace(/-/g, "").repeat(2)
      );
    }
  });
  for (const day of days) {
    const count = perDay + (extra > 0 ? 1 : 0);
    if (extra > 0) extra--;
    writeDay(day, count);
  }
}

export interface Generated {
  /** DATABASE_URL of the generated database. */
  url: string;
  cached: boolean;
  seconds: number;
}

/** A SQLite file with `size` responses and their rollups, from the cache when it has one. */
export async function sqliteReportDatabase(
  dir: string,
  size: number,
  seed: number,
  log: (s: string) => void
): Promise<Generated> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `report-seed${seed}-n${size}-${LATEST_MIGRATION}.sqlite`);
  if (fs.existsSync(file)) return { url: `file:${file}`, cached: true, seconds: 0 };
  const started = Date.now();
  const tmp = `${file}.partial`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
  const handle = openDatabase(`file:${tmp}`);
  try {
    await migrateToLatest(handle);
    const province = await buildProvince(handle.db);
    const sqlite = handle.sqlite!;
    // Generation only: no journal, no syncs, a big page cache. The file is thrown away if this fails.
    sqlite.pragma("journal_mode = OFF");
    sqlite.pragma("synchronous = OFF");
    sqlite.pragma("cache_size = -1000000");
    log(`  generating ${size.toLocaleString("en")} responses into ${path.basename(file)}…`);
    fill(sqlite, province, size, seed);
    log(`  rebuilding rollups (${((Date.now() - started) / 1000).toFixed(0)} s so far)…`);
    await rebuildRollups(handle.db);
    sqlite.pragma("journal_mode = WAL");
  } finally {
    await handle.close();
  }
  fs.renameSync(tmp, file);
  return { url: `file:${file}`, cached: false, seconds: (Date.now() - started) / 1000 };
}

/**
 * A fresh PostgreSQL schema with `size` responses and their rollups, generated
 * server-side from setseed(); `drop()` removes it.
 */
export async function postgresReportDatabase(
  baseUrl: string,
  size: number,
  seed: number,
  log: (s: string) => void
): Promise<Generated & { drop(): Promise<void> }> {
  const started = Date.now();
  const schema = `bench_report_${size}_${process.pid}`;
  const url = new URL(baseUrl);
  url.searchParams.set("schema", schema);
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const drop = async () => {
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  };
  try {
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.query(`create schema "${schema}"`);
    const handle = openDatabase(url.toString());
    let province: BenchProvince;
    try {
      await migrateToLatest(handle);
      province = await buildProvince(handle.db);
    } finally {
      await handle.close();
    }
    const days = openDays(BENCH_YEAR);
    await admin.query(`set search_path = "${schema}"`);
    await admin.query(
      `create table bench_desks (idx integer primary key, desk_id integer, device_id integer, unit_id integer, unit_level text)`
    );
    await admin.query(
      `insert into bench_desks select * from unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::text[])`,
      [
        province.desks.map((_, i) => i),
        province.desks.map((d) => d.deskId),
        province.desks.map((d) => d.deviceId),
        province.desks.map((d) => d.unitId),
        province.desks.map((d) => d.level),
      ]
    );
    await admin.query(`create table bench_days (idx integer primary key, local_date text, saturday boolean)`);
    await admin.query(`insert into bench_days select * from unnest($1::int[], $2::text[], $3::bool[])`, [
      days.map((_, i) => i),
      days.map((d) => d.date),
      days.map((d) => d.saturday),
    ]);
    await admin.query(`select setseed($1)`, [((seed % 1000) / 1000) * 2 - 1]);
    log(`  generating ${size.toLocaleString("en")} responses in PostgreSQL schema ${schema}…`);
    const fields = `array[${province.fieldCodes.map((c) => `'${c}'`).join(",")}]`;
    const seedHex = (seed >>> 0).toString(16).padStart(8, "0");
    const chunk = 1_000_000;
    for (let from = 0; from < size; from += chunk) {
      const to = Math.min(size, from + chunk) - 1;
      await admin.query(`
        insert into responses (${COLUMNS.join(", ")})
        select id, device_id, desk_id, unit_id, unit_level, 1, rating,
          case when rating <> 'dissatisfied' then '[]' when harassment = 1 then '["harassment"]' else '["long_wait"]' end,
          harassment, field_code, null, on_time, null, 'vi', null, at, at, at, local_date, minute / 60, 0,
          suspect, case when suspect = 1 then 'interval' end, null, md5(id) || md5(id || 'x')
        from (
          select s.*,
            to_char(cast(dy.local_date as timestamp) + make_interval(mins => minute, secs => sec) - interval '7 hours',
                    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at,
            case when rating = 'dissatisfied' and r4 < ${HARASSMENT_AMONG_DISSATISFIED} then 1 else 0 end as harassment,
            dy.local_date, d.desk_id, d.device_id, d.unit_id, d.unit_level, mm.minute
          from (
            select g, '${seedHex}-0000-4000-8000-' || lpad(to_hex(g), 12, '0') as id,
              floor(random() * ${province.desks.length})::int as desk_idx,
              (g::bigint * ${days.length} / ${size})::int as day_idx,
              case when r1 < 0.45 then 'very_satisfied' when r1 < 0.9 then 'satisfied' when r1 < 0.96 then 'neutral' else 'dissatisfied' end as rating,
              r4,
              case when r5 < ${NO_FIELD_SHARE} then null else (${fields})[1 + floor(random() * ${
                province.fieldCodes.length
              })::int] end as field_code,
              case when r6 < ${ON_TIME_UNANSWERED} then null when r6 < ${
                ON_TIME_UNANSWERED + (1 - ON_TIME_UNANSWERED) * ON_TIME_YES
              } then 1 else 0 end as on_time,
              case when random() < ${SUSPECT_SHARE} then 1 else 0 end as suspect,
              m, floor(random() * 60)::int as sec
            from (
              select g, random() r1, random() r4, random() r5, random() r6, random() m
              from generate_series(${from}, ${to}) g
            ) raw
          ) s
          join bench_days dy on dy.idx = s.day_idx
          join bench_desks d on d.idx = s.desk_idx
          cross join lateral (
            select case
              when dy.saturday then ${MORNING[0]} + floor(s.m * ${MORNING[1] - MORNING[0]})::int
              when s.m < ${(MORNING[1] - MORNING[0]) / (MORNING[1] - MORNING[0] + AFTERNOON[1] - AFTERNOON[0])}
                then ${MORNING[0]} + floor(s.m * ${MORNING[1] - MORNING[0] + AFTERNOON[1] - AFTERNOON[0]})::int
              else ${AFTERNOON[0] - (MORNING[1] - MORNING[0])} + floor(s.m * ${
                MORNING[1] - MORNING[0] + AFTERNOON[1] - AFTERNOON[0]
              })::int
            end as minute
          ) mm
        ) x`);
    }
    log(`  rebuilding rollups (${((Date.now() - started) / 1000).toFixed(0)} s so far)…`);
    const handle2 = openDatabase(url.toString());
    try {
      await rebuildRollups(handle2.db);
    } finally {
      await handle2.close();
    }
    await admin.query(`analyze`);
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: url.toString(), cached: false, seconds: (Date.now() - started) / 1000, drop };
}
