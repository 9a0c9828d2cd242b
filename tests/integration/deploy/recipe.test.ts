/**
 * The deployment recipe in deploy/ checked by the tools that will read it:
 * nginx -t on deploy/nginx/hailong.conf, systemd-analyze verify on the units,
 * caddy validate on the Caddyfile; the env example names every setting the
 * configuration reads; and the nightly backup unit's own command, run once.
 * A tool that is missing skips its check with a visible line (under CI it fails).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_IMPORT_BYTES } from "~/admin/unit-import.server";
import { datedBackupName } from "~/cli/backup.server";
import { CONFIG_VARIABLES, loadConfig } from "~/config.server";
import { FORM_FIELDS_BYTES } from "~/utils/body.server";
import { DEPLOY, envFileKeys, execStarts, nginxArgs, onPath, writeNginxConfig, writeUnits } from "../../helpers/deploy";
import { ROOT, TEST_SESSION_SECRET } from "../../helpers/server";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-recipe-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Whether `tool` is there; if not, a visible line (and a failure under CI). */
function requireTool(tool: string, install: string): boolean {
  if (onPath(tool)) return true;
  const message = `${tool} is not installed (${install}): its check of deploy/ is SKIPPED`;
  if (process.env.CI) throw new Error(message);
  console.warn(`\n⚠  ${message}\n`);
  return false;
}

function run(
  command: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string } = {}
) {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    timeout: 120_000,
    ...options,
    env: options.env as NodeJS.ProcessEnv,
  });
  return { status: result.status, output: `${result.stdout ?? ""}${result.stderr ?? ""}` };
}

function selfSignedCertificate(folder: string) {
  const certFile = path.join(folder, "cert.pem");
  const keyFile = path.join(folder, "key.pem");
  const made = run("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", keyFile, "-out", certFile, "-days", "2", "-subj", "/CN=hailong.test",
  ]); // prettier-ignore
  expect(made.status, made.output).toBe(0);
  return { certFile, keyFile };
}

describe("deploy/nginx/hailong.conf", () => {
  it("passes nginx -t with its certificate lines, ports and upstream filled in", () => {
    if (!requireTool("nginx", "apt-get install -y nginx") || !requireTool("openssl", "apt-get install -y openssl"))
      return;
    const nginxDir = fs.mkdtempSync(path.join(dir, "nginx-"));
    const conf = writeNginxConfig({
      dir: nginxDir,
      ...selfSignedCertificate(nginxDir),
      httpPort: 18080,
      httpsPort: 18443,
      upstream: "127.0.0.1:3000",
    });
    const checked = run("nginx", [...nginxArgs(nginxDir, conf), "-t"]);
    expect(checked.output).toMatch(/syntax is ok/);
    expect(checked.output).toMatch(/test is successful/);
    expect(checked.status, checked.output).toBe(0);
  });

  it("admits the app's largest body, sends the client's address and scheme, and keeps only build assets", () => {
    const text = fs.readFileSync(path.join(DEPLOY, "nginx/hailong.conf"), "utf8");
    const size = /client_max_body_size (\d+)m;/.exec(text);
    expect(size).not.toBeNull();
    expect(Number(size![1]) * 1024 * 1024).toBeGreaterThanOrEqual(MAX_IMPORT_BYTES + FORM_FIELDS_BYTES);
    expect(text).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
    expect(text).toMatch(/proxy_set_header X-Forwarded-Proto \$scheme;/);
    expect(text).toMatch(/proxy_set_header X-Forwarded-Host \$http_host;/);
    expect(text).toMatch(/ssl_protocols TLSv1\.2 TLSv1\.3;/);
    expect(text).toMatch(/return 301 https:\/\/\$host\$request_uri;/);
    expect(text).toMatch(/location \/build\/ \{[^}]*immutable/);
    expect(text).not.toMatch(/proxy_cache_path|proxy_cache (?!off)/);
  });
});

describe("deploy/Caddyfile", () => {
  it("passes caddy validate", () => {
    if (!requireTool("caddy", "apt-get install -y caddy")) return;
    const checked = run("caddy", ["validate", "--config", path.join(DEPLOY, "Caddyfile"), "--adapter", "caddyfile"], {
      env: { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
    });
    expect(checked.output).toMatch(/Valid configuration/);
    expect(checked.status, checked.output).toBe(0);
  });
});

describe("deploy's systemd units", () => {
  it("pass systemd-analyze verify", () => {
    if (!requireTool("systemd-analyze", "apt-get install -y systemd")) return;
    const unitDir = fs.mkdtempSync(path.join(dir, "units-"));
    const files = writeUnits(unitDir);
    const checked = run("systemd-analyze", ["verify", ...files]);
    // verify prints nothing for sound units; anything about ours is a problem.
    const ours = checked.output.split("\n").filter((line) => /hailong/.test(line));
    expect(ours, checked.output).toEqual([]);
    expect(checked.status, checked.output).toBe(0);
  });

  it("run as an unprivileged user in production, writing only the data and backup folders", () => {
    const unit = fs.readFileSync(path.join(DEPLOY, "hailong.service"), "utf8");
    const env = fs.readFileSync(path.join(DEPLOY, "hailong.env.example"), "utf8");
    expect(unit).toMatch(/^User=hailong$/m);
    expect(unit).toMatch(/^Environment=NODE_ENV=production$/m);
    expect(unit).toMatch(/^EnvironmentFile=\/etc\/hailong\/hailong\.env$/m);
    expect(unit).toMatch(/^ProtectSystem=strict$/m);
    expect(unit).toMatch(/^NoNewPrivileges=true$/m);
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(execStarts(path.join(DEPLOY, "hailong.service"))).toEqual(["/usr/bin/node /opt/hailong/build/index.js"]);
    // The database's and the backups' folders are the writable ones.
    const writable = /^ReadWritePaths=(.*)$/m.exec(unit)![1].split(/\s+/);
    const database = /^DATABASE_URL=file:(.*)$/m.exec(env)![1];
    const backups = /^BACKUP_DIR=(.*)$/m.exec(env)![1];
    expect(writable).toEqual(expect.arrayContaining([path.dirname(database), backups]));
    // Graceful shutdown: up to 10 s of requests, then up to 10 s for the writer thread.
    expect(Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)![1])).toBeGreaterThanOrEqual(25);
    const timer = fs.readFileSync(path.join(DEPLOY, "hailong-backup.timer"), "utf8");
    expect(timer).toMatch(/^Persistent=true$/m);
    expect(timer).toMatch(/^RandomizedDelaySec=/m);
    expect(timer).toMatch(/^OnCalendar=/m);
  });
});

describe("deploy/hailong.env.example", () => {
  it("lists every setting the configuration reads, and nothing else", () => {
    const listed = envFileKeys(path.join(DEPLOY, "hailong.env.example"));
    expect([...listed].sort()).toEqual([...CONFIG_VARIABLES].sort());
    // The secret has no default to copy.
    expect(fs.readFileSync(path.join(DEPLOY, "hailong.env.example"), "utf8")).toMatch(/^SESSION_SECRET=$/m);
  });

  it("is a valid production configuration once its secret is filled in (an empty line means unset)", () => {
    const env: Record<string, string> = {};
    for (const line of fs.readFileSync(path.join(DEPLOY, "hailong.env.example"), "utf8").split("\n")) {
      const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
      if (match) env[match[1]] = match[2];
    }
    env.SESSION_SECRET = "a-secret-of-at-least-32-characters-for-the-test";
    const config = loadConfig(env as NodeJS.ProcessEnv);
    expect(config.production).toBe(true);
    expect(config.metricsToken).toBeNull();
  });
});

describe("the nightly backup unit's command, run once", () => {
  const backupService = path.join(DEPLOY, "hailong-backup.service");

  /** The unit's first ExecStart (the backup), from the checkout instead of /opt/hailong. */
  function backupCommand(): string[] {
    const [first] = execStarts(backupService);
    expect(first).toMatch(/ backup$/);
    return first.replaceAll("/opt/hailong", ROOT).split(" ");
  }

  function runBackup(env: Record<string, string>) {
    const [command, ...args] = backupCommand();
    return run(command, args, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        SESSION_SECRET: TEST_SESSION_SECRET,
        LOG_LEVEL: "warn",
        ...env,
      },
    });
  }

  it("writes a dated backup and removes the oldest beyond BACKUP_KEEP", () => {
    const work = fs.mkdtempSync(path.join(dir, "backup-"));
    const backups = path.join(work, "backups");
    fs.mkdirSync(backups);
    const old = [
      "hailong-20261101-183000Z.sqlite",
      "hailong-20261102-183000Z.sqlite",
      "hailong-20261103-183000Z.sqlite",
      "hailong-20261104-183000Z.sqlite",
    ];
    for (const name of old) fs.writeFileSync(path.join(backups, name), "an old backup");
    fs.writeFileSync(path.join(backups, "notes.txt"), "not a backup: left alone");

    const done = runBackup({ DATABASE_URL: `file:${work}/hailong.sqlite`, BACKUP_DIR: backups, BACKUP_KEEP: "3" });
    expect(done.status, done.output).toBe(0);
    const after = fs.readdirSync(backups).sort();
    const made = after.filter((name) => !old.includes(name) && name !== "notes.txt");
    expect(made).toHaveLength(1);
    expect(made[0]).toMatch(/^hailong-\d{8}-\d{6}Z\.sqlite$/);
    expect(made[0] > old.at(-1)!).toBe(true); // UTC names sort in time order
    // Named by the time it was made (UTC), to the second.
    const madeAt = fs.statSync(path.join(backups, made[0])).mtime;
    expect(
      Math.abs(
        madeAt.getTime() -
          Date.parse(made[0].replace(/^hailong-(\d{4})(\d\d)(\d\d)-(\d\d)(\d\d)(\d\d)Z.*$/, "$1-$2-$3T$4:$5:$6Z"))
      )
    ).toBeLessThan(60_000);
    expect(datedBackupName(madeAt)).toMatch(/^hailong-\d{8}-\d{6}Z\.sqlite$/);
    expect(after).toEqual(
      ["hailong-20261103-183000Z.sqlite", "hailong-20261104-183000Z.sqlite", made[0], "notes.txt"].sort()
    );
    expect(done.output).toMatch(/giữ lại 3 bản/);
    // A real, migrated HaiLong database.
    const copy = new SQLite(path.join(backups, made[0]), { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      expect((copy.prepare("select count(*) as n from kysely_migration").get() as { n: number }).n).toBeGreaterThan(0);
    } finally {
      copy.close();
    }
  });

  it("fails loudly (non-zero, an error line) when the backup cannot be made", () => {
    const work = fs.mkdtempSync(path.join(dir, "backup-fail-"));
    const databaseUrl = `file:${work}/hailong.sqlite`;
    // root may write anywhere it has permission bits against; /proc takes no new files from anyone.
    let unwritable = "/proc";
    if (process.getuid?.() !== 0) {
      unwritable = path.join(work, "read-only");
      fs.mkdirSync(unwritable, { mode: 0o555 });
    }
    const failed = runBackup({ DATABASE_URL: databaseUrl, BACKUP_DIR: unwritable });
    expect(failed.status, failed.output).not.toBe(0);
    expect(failed.output).toMatch(/Sao lưu KHÔNG thành công/);

    const missing = runBackup({ DATABASE_URL: databaseUrl, BACKUP_DIR: path.join(work, "no-such-folder") });
    expect(missing.status, missing.output).not.toBe(0);
    expect(missing.output).toMatch(/Sao lưu KHÔNG thành công/);
  });
});
