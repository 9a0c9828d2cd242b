/** officer:create — an officer at a desk, with an optional duty PIN; prints JSON. */
import { z } from "zod";
import { FormProblems } from "~/admin/forms.server";
import { name } from "~/admin/schemas.server";
import { createOfficer, deskForOfficer, officerCode, pin } from "~/officers/officers.server";
import { validate } from "~/utils/problems";
import { CLI_ACTOR, usageError } from "./basics.server";
import { type CliCommand, CommandError } from "./command";

export const officerCreate: CliCommand = {
  name: "officer:create",
  options: {
    desk: { type: "string" },
    code: { type: "string" },
    name: { type: "string" },
    pin: { type: "string" },
  },
  async run({ app, t, io }, values) {
    const parsed = validate(
      z.object({ desk: z.string().trim().min(1), code: officerCode, name, pin: pin.optional() }),
      values
    );
    if (!parsed.ok) throw usageError(parsed.problems, t);
    const opts = parsed.data;
    const desk = await deskForOfficer(app.db, opts.desk);
    if (!desk) throw new CommandError(t("cli:desk_not_found", { code: opts.desk }));
    try {
      const officer = await createOfficer(app.db, CLI_ACTOR, app.now(), {
        desk,
        code: opts.code,
        name: opts.name,
        pin: opts.pin ?? null,
      });
      io.out(
        JSON.stringify(
          { id: officer.id, code: officer.code, name: officer.name, desk: desk.code, pin: officer.hasPin },
          null,
          2
        )
      );
    } catch (error) {
      if (error instanceof FormProblems) throw new CommandError(t("cli:officer_exists", { code: opts.code }));
      throw error;
    }
  },
};
