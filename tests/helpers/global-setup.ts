/** Says once, loudly, which optional parts of the suite will not run here. */
import fs from "node:fs";
import { CHROMIUM_PATH } from "./browser";
import { missingTools } from "./tools";

export default function setup() {
  if (!process.env.TEST_POSTGRES_URL) {
    console.warn(
      "\n⚠  TEST_POSTGRES_URL is not set: PostgreSQL runs of the database, API and report suites are SKIPPED.\n"
    );
  }
  if (!fs.existsSync(CHROMIUM_PATH)) {
    const message = `Chromium is missing at ${CHROMIUM_PATH}: browser tests cannot run (apt-get install -y chromium).`;
    if (process.env.CI) throw new Error(message);
    console.warn(`\n⚠  ${message} They are SKIPPED.\n`);
  }
  const tools = missingTools();
  if (tools.length > 0) {
    const message = `Missing ${tools.join(", ")}: the export and backup tests that need them cannot run.`;
    if (process.env.CI) throw new Error(message);
    console.warn(`\n⚠  ${message} They are SKIPPED.\n`);
  }
}
