/**
 * What `npm start` does before it listens: seed a demo into a new database,
 * give a database without any questionnaire the default one, and say how to get in.
 */
import { findDeskByCode } from "~db/repositories/desks";
import { findActiveDeviceOfDesk } from "~db/repositories/devices";
import { hasAnyField } from "~db/repositories/fields";
import { hasAnyQuestionnaire } from "~db/repositories/questionnaires";
import { hasNoUnitsOrUsers } from "~db/repositories/units";
import { findUserByUsername } from "~db/repositories/users";
import type { AppContext } from "~/context";
import { seedHolidays } from "~/cases/holidays.server";
import { issuePairingCode, pairingUrl } from "~/devices/devices.server";
import { getT } from "~/i18n/i18n.server";
import { DEMO_ADMIN_USERNAME, DEMO_PROVINCE_DESK, seedCatalog, seedDemo } from "./demo.server";

function isNewDatabase(app: AppContext): Promise<boolean> {
  return hasNoUnitsOrUsers(app.db);
}

/**
 * A production database starts without the demo, and without an active
 * questionnaire every kiosk answer would be refused as invalid. When there is
 * no version at all (a first start), the default one (the same as the demo's)
 * is created and activated, with the default procedure fields if there are
 * none; an installation's own versions and fields are never touched.
 * Returns whether it created one.
 */
export async function ensureDefaultQuestionnaire(app: AppContext): Promise<boolean> {
  return app.db.transaction().execute(async (trx) => {
    if (await hasAnyQuestionnaire(trx)) return false;
    if (await hasAnyField(trx)) {
      // Fields of the installation's own: only the questionnaire is added.
      await seedCatalog(trx, app.now().toISOString(), { fields: false });
    } else {
      await seedCatalog(trx, app.now().toISOString());
    }
    return true;
  });
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
  if (await ensureDefaultQuestionnaire(app)) lines.push(t("cli:start.questionnaire_created"));
  // Case deadlines skip public holidays: a first start gets Vietnam's list, administrators keep it.
  await seedHolidays(app.db);
  if (production) return lines;
  if (!lines.some((l) => l.includes(DEMO_ADMIN_USERNAME)) && (await findUserByUsername(app.db, DEMO_ADMIN_USERNAME))) {
    lines.push(t("cli:start.admin_exists", { username: DEMO_ADMIN_USERNAME }));
  }
  const desk = await findDeskByCode(app.db, DEMO_PROVINCE_DESK);
  const device = desk ? await findActiveDeviceOfDesk(app.db, desk.id) : undefined;
  if (desk && device) {
    const pairing = await issuePairingCode(app.db, app.config.sessionSecret, device.id, app.now());
    lines.push(t("cli:start.pair_link", { desk: desk.name, url: pairingUrl(baseUrl, pairing.code) }));
  }
  return lines;
}
