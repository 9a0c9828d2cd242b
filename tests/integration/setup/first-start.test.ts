import { afterEach, describe, expect, it } from "vitest";
import { insertFields } from "~db/repositories/fields";
import { insertQuestionnaire, listQuestionnaires } from "~db/repositories/questionnaires";
import { loadConfig } from "~/config.server";
import type { AppContext } from "~/context";
import { createAppContext } from "~/context.server";
import { DEFAULT_DEFINITION } from "~/domain/questionnaire";
import { ingestResponses } from "~/ingest/ingest.server";
import { prepareForStart } from "~/setup/startup.server";
import { type TestDatabase, databaseFactories } from "../../helpers/databases";
import { createUnitWithDesk, item } from "../../helpers/fixtures";
import { TEST_SESSION_SECRET } from "../../helpers/server";

describe.each(databaseFactories())("first production start on $dialect", (factory) => {
  let database: TestDatabase | undefined;
  let app: AppContext | undefined;
  afterEach(async () => {
    await app?.database.close();
    await database?.drop();
    app = database = undefined;
  });

  async function productionApp(): Promise<AppContext> {
    database = await factory.create();
    const config = loadConfig({
      NODE_ENV: "production",
      DATABASE_URL: database.url,
      SESSION_SECRET: TEST_SESSION_SECRET,
      LOG_LEVEL: "silent",
    });
    app = await createAppContext(config);
    return app;
  }

  it("gives a database without any questionnaire the default one, so a kiosk answer is accepted", async () => {
    const app = await productionApp();
    const desk = await createUnitWithDesk(app, { code: "01", name: "Tỉnh Thử", level: "province" });
    // Before the start's preparation there is nothing to answer.
    const [refused] = await ingestResponses(app, desk.identity, [item()], app.now());
    expect(refused.status).toBe("invalid");

    const lines = await prepareForStart(app, "https://hailong.example.gov.vn");
    expect(lines.join("\n")).toMatch(/bộ câu hỏi mặc định/);
    expect(await app.db.selectFrom("units").select("id").execute()).toHaveLength(1); // no demo in production
    const answer = item({ rating: "dissatisfied", reasons: ["harassment"], fieldCode: "dat_dai" });
    const [accepted] = await ingestResponses(app, desk.identity, [answer], app.now());
    expect(accepted).toEqual({ id: answer.id, status: "created" });

    const versions = await listQuestionnaires(app.db);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: 1, active: 1 });
    expect(versions[0].definition).toEqual(DEFAULT_DEFINITION);
    // A second start changes nothing.
    expect((await prepareForStart(app, "https://hailong.example.gov.vn")).join("\n")).not.toMatch(/bộ câu hỏi/);
    expect(await listQuestionnaires(app.db)).toHaveLength(1);
  });

  it("never touches an installation's own versions and fields", async () => {
    const app = await productionApp();
    const at = app.now().toISOString();
    await insertFields(app.db, [{ code: "rieng", nameVi: "Riêng", nameEn: "Own", sortOrder: 1 }]);
    await insertQuestionnaire(app.db, {
      version: 1,
      definitionJson: JSON.stringify(DEFAULT_DEFINITION),
      active: 0,
      createdAt: at,
      activatedAt: null,
    });
    await prepareForStart(app, "https://hailong.example.gov.vn");
    const versions = await listQuestionnaires(app.db);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ active: 0, activatedAt: null });
    const fields = await app.db.selectFrom("procedure_fields").select("code").execute();
    expect(fields.map((f) => f.code)).toEqual(["rieng"]);
  });
});
