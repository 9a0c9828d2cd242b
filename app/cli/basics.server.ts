/** migrate, seed-demo, desk:list, device:create, user:create, user:password, system:create, webhook:create */
import { z } from "zod";
import { findDeskByCode, listDesks } from "~db/repositories/desks";
import { findUnitByCode } from "~db/repositories/units";
import { findUserByUsername, insertUser } from "~db/repositories/users";
import { LATEST_MIGRATION } from "~db/migrate";
import { ROLES } from "~db/schema";
import { MIN_PASSWORD_LENGTH, generatePassword, hashPassword } from "~/auth/password.server";
import { username } from "~/auth/username.server";
import { optionalEmail } from "~/admin/schemas.server";
import { DeskNotFoundError, createDevice, pairingUrl } from "~/devices/devices.server";
import { DEMO_MODELS, type DemoModel, seedDemo } from "~/setup/demo.server";
import { ensureDefaultQuestionnaire } from "~/setup/startup.server";
import { seedHolidays } from "~/cases/holidays.server";
import { type Problem, translateProblems, validate } from "~/utils/problems";
import { type Actor } from "~/domain/audit";
import { recordAudit } from "~db/repositories/audit";
import { replacePassword } from "~/admin/users.server";
import { openDatabase } from "~db/connection";
import { purgeExpiredPersonalData } from "~/ops/retention.server";
import { createWebhook, webhookEvents, webhookUrl } from "~/alerts/webhooks.server";
import { SYSTEM_NAME_MAX, createSystem } from "~/dossiers/systems.server";
import { describeUpgrade, upgradeDatabase } from "~/ops/upgrade.server";
import { type CliCommand, type CommandContext, CommandError, type FileCommand, UsageError } from "./command";

/** Who the audit log names for changes made from the command line (not a valid username). */
export const CLI_ACTOR: Actor = { id: null, username: "[cli]" };

/** Problems with command-line options, as a usage error naming each --option. */
export function usageError(problems: readonly Problem[], t: CommandContext["t"]): UsageError {
  const named = problems.map((p) => ({ ...p, field: `--${p.field}` }));
  return new UsageError(
    t("cli:bad_option", {
      details: translateProblems(named, t)
        .map((p) => p.message)
        .join(" "),
    })
  );
}

function parseOptions<T extends z.ZodType>(schema: T, values: unknown, t: CommandContext["t"]): z.output<T> {
  const parsed = validate(schema, values);
  if (!parsed.ok) throw usageError(parsed.problems, t);
  return parsed.data;
}

/** A password read from stdin, or a generated one (returned so it can be printed). */
async function passwordFrom(ctx: CommandContext): Promise<{ password: string; generated: boolean }> {
  const input = (await ctx.io.readStdin())?.split(/\r?\n/)[0]?.trim() ?? "";
  if (!input) return { password: generatePassword(), generated: true };
  if (input.length < MIN_PASSWORD_LENGTH)
    throw new CommandError(ctx.t("cli:password_too_short", { min: MIN_PASSWORD_LENGTH }));
  return { password: input, generated: false };
}

/**
 * Backs up (SQLite: a copy; PostgreSQL: pg_dump, or the operator's own with
 * --backup-done), then migrates; refuses a database newer than the code.
 * Opens the database itself: the app context would migrate on opening.
 */
export const upgrade: FileCommand = {
  name: "upgrade",
  options: { "backup-done": { type: "boolean" } },
  database: false,
  async run({ config, t, io }, values) {
    const handle = openDatabase(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
    try {
      const result = await upgradeDatabase(config, handle, new Date(), { backupDone: values["backup-done"] === true });
      const lines = describeUpgrade(result, t);
      io.out(lines.length ? lines.join("\n") : t("cli:upgrade.current", { version: LATEST_MIGRATION }));
    } finally {
      await handle.close();
    }
  },
};

/** Blanks the personal data past RETENTION_MONTHS (app/ops/retention.server.ts); prints a JSON summary. */
export const purge: CliCommand = {
  name: "purge",
  options: {},
  async run({ app, io }) {
    const summary = await purgeExpiredPersonalData(app, CLI_ACTOR, app.now(), app.config.retentionMonths);
    io.out(JSON.stringify(summary));
  },
};

export const migrate: CliCommand = {
  name: "migrate",
  options: {},
  async run({ app, t, io }) {
    // The context is migrated when it opens; a first start's questionnaire is made here too.
    io.out(t("cli:migrated", { version: LATEST_MIGRATION }));
    if (await ensureDefaultQuestionnaire(app)) io.out(t("cli:start.questionnaire_created"));
    await seedHolidays(app.db);
  },
};

export const seedDemoCommand: CliCommand = {
  name: "seed-demo",
  options: { model: { type: "string" } },
  async run({ app, t, io }, values) {
    const model = values.model ?? "three-level";
    if (!(DEMO_MODELS as readonly unknown[]).includes(model)) {
      throw new UsageError(t("cli:seed_model", { model: String(model), models: DEMO_MODELS.join(", ") }));
    }
    const result = await seedDemo(app.db, app.config.sessionSecret, app.now(), { model: model as DemoModel });
    if (!result.created) return io.out(t("cli:already_seeded"));
    io.out(t("cli:seeded", { units: result.units, desks: result.desks, responses: result.responses }));
    if (result.admin) io.out(t("cli:start.admin_created", result.admin));
  },
};

export const deskList: CliCommand = {
  name: "desk:list",
  options: {},
  async run({ app, io }) {
    const desks = await listDesks(app.db);
    io.out(
      JSON.stringify(
        desks.map((d) => ({
          code: d.code,
          name: d.name,
          active: d.active === 1,
          unit: { code: d.unitCode, name: d.unitName, level: d.unitLevel },
        })),
        null,
        2
      )
    );
  },
};

export const deviceCreate: CliCommand = {
  name: "device:create",
  options: { desk: { type: "string" }, name: { type: "string" } },
  async run(ctx, values) {
    const { app, t, io } = ctx;
    const opts = parseOptions(
      z.object({ desk: z.string().trim().min(1), name: z.string().trim().min(1).max(100).optional() }),
      values,
      t
    );
    try {
      const now = app.now();
      const device = await app.db.transaction().execute(async (trx) => {
        const created = await createDevice(
          trx,
          app.config.sessionSecret,
          { deskCode: opts.desk, name: opts.name ?? t("seed:device_name") },
          now
        );
        const desk = await findDeskByCode(trx, created.deskCode);
        await recordAudit(trx, CLI_ACTOR, now, {
          action: "create",
          entity: "device",
          entityId: created.deviceId,
          unitId: desk?.unitId ?? null,
          after: { name: created.name, desk: created.deskCode, pairing_expires_at: created.pairing.expiresAt },
        });
        return created;
      });
      io.out(
        JSON.stringify(
          {
            deviceId: device.deviceId,
            deskCode: device.deskCode,
            name: device.name,
            token: device.token,
            pairingCode: device.pairing.code,
            pairingExpiresAt: device.pairing.expiresAt,
            pairingLink: pairingUrl(ctx.baseUrl, device.pairing.code),
          },
          null,
          2
        )
      );
    } catch (error) {
      if (error instanceof DeskNotFoundError) throw new CommandError(t("cli:desk_not_found", { code: opts.desk }));
      throw error;
    }
  },
};

export const userCreate: CliCommand = {
  name: "user:create",
  options: {
    username: { type: "string" },
    role: { type: "string" },
    unit: { type: "string" },
    email: { type: "string" },
  },
  async run(ctx, values) {
    const { app, t, io } = ctx;
    const opts = parseOptions(
      z.object({ username, role: z.enum(ROLES), unit: z.string().trim().min(1).optional(), email: optionalEmail }),
      values,
      t
    );
    if (opts.role === "admin" && opts.unit) throw new UsageError(t("cli:admin_needs_no_unit"));
    if (opts.role !== "admin" && !opts.unit) throw new UsageError(t("cli:role_needs_unit", { role: opts.role }));
    const unit = opts.unit ? await findUnitByCode(app.db, opts.unit) : null;
    if (opts.unit && !unit) throw new CommandError(t("cli:unit_not_found", { code: opts.unit }));
    if (await findUserByUsername(app.db, opts.username))
      throw new CommandError(t("cli:user_exists", { username: opts.username }));
    const { password, generated } = await passwordFrom(ctx);
    const now = app.now();
    const passwordHash = await hashPassword(password);
    const user = await app.db.transaction().execute(async (trx) => {
      const created = await insertUser(trx, {
        username: opts.username,
        passwordHash,
        role: opts.role,
        unitId: unit?.id ?? null,
        email: opts.email,
        createdAt: now.toISOString(),
        passwordChangedAt: now.toISOString(),
      });
      await recordAudit(trx, CLI_ACTOR, now, {
        action: "create",
        entity: "user",
        entityId: created.id,
        unitId: created.unitId,
        after: {
          username: created.username,
          role: created.role,
          unit: unit?.code ?? null,
          disabled: 0,
          email: created.email,
        },
      });
      return created;
    });
    io.out(
      JSON.stringify(
        {
          id: user.id,
          username: user.username,
          role: user.role,
          unit: unit?.code ?? null,
          email: user.email,
          ...(generated ? { password } : {}),
        },
        null,
        2
      )
    );
  },
};

export const userPassword: CliCommand = {
  name: "user:password",
  options: { username: { type: "string" } },
  async run(ctx, values) {
    const { app, t, io } = ctx;
    const opts = parseOptions(z.object({ username }), values, t);
    const user = await findUserByUsername(app.db, opts.username);
    if (!user) throw new CommandError(t("cli:user_not_found", { username: opts.username }));
    const { password, generated } = await passwordFrom(ctx);
    await replacePassword(app.db, CLI_ACTOR, app.now(), user, await hashPassword(password), "reset_password");
    io.out(JSON.stringify({ username: user.username, ...(generated ? { password } : {}) }, null, 2));
  },
};

/** Adds a one-stop system; prints its id and token (shown only here) as JSON. */
export const systemCreate: CliCommand = {
  name: "system:create",
  options: { name: { type: "string" } },
  async run({ app, t, io }, values) {
    const opts = parseOptions(z.object({ name: z.string().trim().min(1).max(SYSTEM_NAME_MAX) }), values, t);
    const created = await createSystem(app.db, CLI_ACTOR, app.now(), opts.name);
    io.out(JSON.stringify({ id: created.id, name: created.name, token: created.token }, null, 2));
  },
};

/** Adds a webhook; prints its id and secret (shown only here) as JSON. */
export const webhookCreate: CliCommand = {
  name: "webhook:create",
  options: { url: { type: "string" }, events: { type: "string" } },
  async run({ app, t, io }, values) {
    const opts = parseOptions(
      z.object({
        url: webhookUrl,
        events: z
          .string()
          .trim()
          .min(1)
          .transform((v) => v.split(",").map((e) => e.trim()))
          .pipe(webhookEvents),
      }),
      values,
      t
    );
    const created = await createWebhook(app.db, CLI_ACTOR, app.now(), opts);
    io.out(JSON.stringify(created, null, 2));
  },
};
