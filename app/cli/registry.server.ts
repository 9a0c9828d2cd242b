import type { CliCommand } from "./command";
import { deskList, deviceCreate, migrate, seedDemoCommand, userCreate, userPassword } from "./basics.server";
import { report, rollupsRebuild } from "./reports.server";

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: CliCommand[] = [
  migrate,
  seedDemoCommand,
  deskList,
  deviceCreate,
  userCreate,
  userPassword,
  report,
  rollupsRebuild,
];
