/**
 * `npm run crash -- [--kills 20] [--database sqlite|postgres] [--synchronous FULL|NORMAL] [--seed 1] [--clients 4]`
 *
 * Kills the built server (build/index.js: run `npx remix build` first) with
 * SIGKILL at random moments while tablets post responses, restarts it, and
 * checks the database afterwards (see crash-run.ts). Exit code 1 on any
 * violation, 2 on bad usage. PostgreSQL needs TEST_POSTGRES_URL.
 */
import { parseArgs } from "node:util";
import { type DatabaseFactory, postgresDatabase, sqliteDatabase } from "../helpers/databases";
import { formatReport, runCrashTest, type Synchronous } from "./crash-run";

function usage(message: string): never {
  console.error(
    `${message}\nusage: npm run crash -- [--kills N] [--database sqlite|postgres] [--synchronous FULL|NORMAL] ` +
      "[--seed N] [--clients N]"
  );
  process.exit(2);
}

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) usage(`--${name} must be a whole number`);
  return n;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      kills: { type: "string", default: "20" },
      database: { type: "string", default: "sqlite" },
      synchronous: { type: "string" },
      seed: { type: "string", default: "1" },
      clients: { type: "string", default: "4" },
    },
    strict: true,
  }));
} catch (error) {
  usage((error as Error).message);
}

let factory: DatabaseFactory;
if (values.database === "sqlite") factory = sqliteDatabase();
else if (values.database === "postgres") {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) usage("--database postgres needs TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test)");
  factory = postgresDatabase(url);
} else usage(`--database must be sqlite or postgres, not ${values.database}`);

const synchronous = values.synchronous?.toUpperCase();
if (synchronous !== undefined && synchronous !== "FULL" && synchronous !== "NORMAL") {
  usage(`--synchronous must be FULL or NORMAL, not ${values.synchronous}`);
}
if (synchronous && values.database !== "sqlite") usage("--synchronous applies to SQLite only");

const clients = positive("clients", values.clients);
if (clients < 1) usage("--clients must be at least 1");

const report = await runCrashTest({
  factory,
  kills: positive("kills", values.kills),
  synchronous: synchronous as Synchronous | undefined,
  seed: positive("seed", values.seed),
  clients,
  log: (line) => console.error(line),
});
console.log(formatReport(report));
process.exit(report.violations.length === 0 ? 0 : 1);
