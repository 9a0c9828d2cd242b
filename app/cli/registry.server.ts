import type { CliCommand } from "./command";
import { deskList, deviceCreate, migrate, seedDemoCommand, userCreate, userPassword } from "./basics.server";

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: CliCommand[] = [migrate, seedDemoCommand, deskList, deviceCreate, userCreate, userPassword];
