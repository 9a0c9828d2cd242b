/**
 * The one place that opens the database. Everything else receives a
 * `Kysely<Database>` (or a transaction) as its first argument.
 *
 * DATABASE_URL forms:
 * - `file:./data/hailong.sqlite` (default), `file:/abs/path.sqlite`, or a plain path: SQLite
 * - `postgres://user@host:5432/db` (optionally `?schema=name`): PostgreSQL
 */
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import pg from "pg";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase,
  sql,
} from "kysely";
import type { Database } from "./schema";

export type DB = Kysely<Database>;
export type Dialect = "sqlite" | "postgres";

export type DatabaseLocation =
  { dialect: "sqlite"; file: string } | { dialect: "postgres"; connectionString: string; schema: string | null };

export interface DatabaseHandle {
  db: DB;
  dialect: Dialect;
  location: DatabaseLocation;
  /** The raw better-sqlite3 handle (backup API, pragmas); null on PostgreSQL. */
  sqlite: SQLite.Database | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** SQLite `synchronous` level. FULL syncs the WAL on every commit. */
  sqliteSynchronous?: "FULL" | "NORMAL";
  /** PostgreSQL pool size. */
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function parseDatabaseUrl(url: string, cwd = process.cwd()): DatabaseLocation {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get("schema");
    if (schema !== null && !SCHEMA_NAME.test(schema)) {
      throw new Error(`Invalid schema name in DATABASE_URL: ${schema}`);
    }
    parsed.searchParams.delete("schema");
    return { dialect: "postgres", connectionString: parsed.toString(), schema };
  }
  const file = url.startsWith("file:") ? url.slice("file:".length) : url;
  if (file === "") throw new Error("DATABASE_URL names no file");
  return { dialect: "sqlite", file: path.resolve(cwd, file) };
}

let pgTypesConfigured = false;
function configurePgTypes() {
  if (pgTypesConfigured) return;
  // COUNT and SUM come back as int8/numeric; the app's counts fit in a double.
  pg.types.setTypeParser(20, (value) => Number(value));
  pg.types.setTypeParser(1700, (value) => Number(value));
  pgTypesConfigured = true;
}

export function openDatabase(url: string, options: OpenOptions = {}): DatabaseHandle {
  const location = parseDatabaseUrl(url);
  if (location.dialect === "sqlite") {
    fs.mkdirSync(path.dirname(location.file), { recursive: true });
    const sqlite = new SQLite(location.file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma(`synchronous = ${options.sqliteSynchronous ?? "FULL"}`);
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    const db = new Kysely<Database>({
      dialect: new WriteTransactionSqliteDialect({ database: withStatementCache(sqlite) }),
    });
    return {
      db,
      dialect: "sqlite",
      location,
      sqlite,
      close: () => db.destroy(),
    };
  }
  configurePgTypes();
  const pool = new pg.Pool({
    connectionString: location.connectionString,
    max: options.poolSize ?? 10,
    ...(location.schema ? { options: `-c search_path=${location.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: "postgres", location, sqlite: null, close: () => db.destroy() };
}

/**
 * WAL frames before a commit also checkpoints (SQLite's default: 1,000).
 * Ingest dirties a few randomly placed index pages per response, so at the
 * default every checkpoint copies nearly as many pages as it has frames; ten
 * times the interval lets a page rewritten by many commits be copied once —
 * ~10–20% more single-response ingest (`npm run bench`), for a WAL file of up
 * to ~40 MB (4 KB pages) between checkpoints.
 */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;
/** The `-wal` file is cut back to this size when it restarts (else it keeps its largest size until shutdown). */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Prepared statements kept per connection, most recently used last. Ingest's
 * multi-row statements have one text per row count (the insert and six
 * rollup upserts, each with 1 to ~100 rows a group): 200 kept them
 * re-preparing under load.
 */
const STATEMENT_CACHE_SIZE = 1_000;

/**
 * Kysely prepares every query anew; on the ingest path preparing cost about
 * as much as running (`npm run bench`). The same SQL text reuses its prepared
 * statement. Safe because Kysely runs one query at a time on the connection
 * and reads each result whole (the app streams no query).
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement) cache.delete(text);
      else {
        statement = sqlite.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}

/**
 * SQLite transactions begin IMMEDIATE: every transaction in the app writes,
 * and the server has two connections that write (the main thread's and the
 * ingest writer thread's, app/ingest/writer.server.ts), besides the CLI. A
 * deferred transaction that reads first and then writes fails at once with
 * SQLITE_BUSY if another connection committed in between (its snapshot is
 * stale; busy_timeout cannot help); taking the write lock at BEGIN makes it
 * wait its turn under busy_timeout instead.
 */
class WriteTransactionSqliteDialect extends SqliteDialect {
  createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw("begin immediate"));
    };
    return driver;
  }
}

/** Create the PostgreSQL schema named in the URL, if any (SQLite: nothing to do). */
export async function ensureSchema(handle: DatabaseHandle): Promise<void> {
  if (handle.location.dialect === "postgres" && handle.location.schema) {
    await sql`create schema if not exists ${sql.id(handle.location.schema)}`.execute(handle.db);
  }
}
