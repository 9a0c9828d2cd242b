/** The CLI runner, separate from process handling so tests can call it in-process. */
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "~/config.server";
import type { AppContext } from "~/context";
import { createAppContext } from "~/context.server";
import { getT } from "~/i18n/i18n.server";
import { explainUpgradeError } from "~/ops/upgrade.server";
import { type CommandIo, CommandError, UsageError } from "./command";
import { COMMANDS } from "./registry.server";

export async function runCli(argv: string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const t = getT("vi");
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "help") {
    io.out(
      t("cli:usage", { commands: COMMANDS.map((c) => `  ${t(`cli:commands.${c.name.replace(":", "_")}`)}`).join("\n") })
    );
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(t("cli:unknown_command", { command: name }));
    return 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: true });
  } catch (error) {
    io.err(t("cli:bad_option", { details: (error as Error).message }));
    return 2;
  }
  let app: AppContext | undefined;
  try {
    const config = loadConfig({ LOG_LEVEL: "warn", ...env });
    const baseUrl = config.publicUrl ?? `http://localhost:${config.port}`;
    if (command.database === false) {
      return (await command.run({ config, t, io, baseUrl }, parsed.values, parsed.positionals)) ?? 0;
    }
    app = await createAppContext(config);
    const code = await command.run({ app, t, io, baseUrl }, parsed.values, parsed.positionals);
    return code ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    if (error instanceof CommandError) {
      io.err(error.message);
      return 1;
    }
    if (error instanceof ConfigError) {
      io.err(t(error.key, error.params));
      return 1;
    }
    const upgrade = explainUpgradeError(error, t);
    if (upgrade) {
      io.err(upgrade);
      return 1;
    }
    io.err(t("cli:failed", { message: (error as Error).message }));
    return 1;
  } finally {
    await app?.database.close();
  }
}
