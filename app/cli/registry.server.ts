import type { AnyCommand } from "./command";
import { backup, restore } from "./backup.server";
import {
  deskList,
  deviceCreate,
  migrate,
  purge,
  seedDemoCommand,
  systemCreate,
  upgrade,
  userCreate,
  userPassword,
  webhookCreate,
} from "./basics.server";
import { casesList } from "./cases.server";
import { officerCreate } from "./officers.server";
import { report, rollupsRebuild } from "./reports.server";

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: AnyCommand[] = [
  migrate,
  upgrade,
  seedDemoCommand,
  deskList,
  deviceCreate,
  userCreate,
  userPassword,
  systemCreate,
  webhookCreate,
  officerCreate,
  report,
  rollupsRebuild,
  backup,
  restore,
  purge,
  casesList,
];
