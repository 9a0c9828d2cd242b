/** What `npm start` does before it listens: seed a demo into a new database, and say how to get in. */
import { findDeskByCode } from "~db/repositories/desks";
import { findActiveDeviceOfDesk } from "~db/repositories/devices";
import { hasNoUnitsOrUsers } from "~db/repositories/units";
import { findUserByUsername } from "~db/repositories/users";
import type { AppContext } from "~/context.server";
import { issuePairingCode, pairingUrl } from "~/devices/devices.server";
import { getT } from "~/i18n/i18n.server";
import { DEMO_ADMIN_USERNAME, DEMO_PROVINCE_DESK, seedDemo } from "./demo.server";

function isNewDatabase(app: AppContext): Promise<boolean> {
  return hasNoUnitsOrUsers(app.db);
}

/** Lines for the console, already translated. */
export async function prepareForStart(app: AppContext, baseUrl: string): Promise<string[]> {
  const t = getT("vi");
  const lines: string[] = [];
  const { seedDemo: mode, production } = app.config;
  if (mode === "yes" || (mode === "auto" && !production && (await isNewDatabase(app)))) {
    const result = await seedDemo(app.db, app.config.sessionSecret, app.now());
    if (result.created) lines.push(t("cli:start.demo_seeded"));
    if (result.admin) lines.push(t("cli:start.admin_created", result.admin));
  }
  if (production) return lines;
  if (!lines.some((l) => l.includes(DEMO_ADMIN_USERNAME)) && (await findUserByUsername(app.db, DEMO_ADMIN_USERNAME))) {
    lines.push(t("cli:start.admin_exists", { username: DEMO_ADMIN_USERNAME }));
  }
  const desk = await findDeskByCode(app.db, DEMO_PROVINCE_DESK);
  const device = desk
    ? await findActiveDeviceOfDesk(app.db, desk.id)
    : undefined;
  if (desk && device) {
    const pairing = await issuePairingCode(app.db, app.config.sessionSecret, device.id, app.now());
    lines.push(t("cli:start.pair_link", { desk: desk.name, url: pairingUrl(baseUrl, pairing.code) }));
  }
  return lines;
}
