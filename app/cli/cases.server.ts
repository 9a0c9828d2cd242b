/** cases:list — harassment cases as JSON (issue 16). */
import { z } from "zod";
import { listCases } from "~db/repositories/cases";
import { findUnitByCode, subtreeUnitIds } from "~db/repositories/units";
import type { CaseStatus } from "~db/schema";
import { validate } from "~/utils/problems";
import { type CliCommand, CommandError } from "./command";
import { usageError } from "./basics.server";

const STATUSES: Record<"open" | "closed" | "all", CaseStatus[] | undefined> = {
  open: ["new", "verifying"],
  closed: ["concluded"],
  all: undefined,
};

export const casesList: CliCommand = {
  name: "cases:list",
  options: { unit: { type: "string" }, status: { type: "string" }, format: { type: "string" } },
  async run({ app, t, io }, values) {
    const parsed = validate(
      z.object({
        unit: z.string().trim().min(1).optional(),
        status: z.enum(["open", "closed", "all"]).default("open"),
        format: z.literal("json").default("json"),
      }),
      values
    );
    if (!parsed.ok) throw usageError(parsed.problems, t);
    const opts = parsed.data;
    let unitIds: number[] | undefined;
    if (opts.unit) {
      const unit = await findUnitByCode(app.db, opts.unit);
      if (!unit) throw new CommandError(t("cli:unit_not_found", { code: opts.unit }));
      unitIds = await subtreeUnitIds(app.db, unit.id);
    }
    const cases = await listCases(app.db, { unitIds, statuses: STATUSES[opts.status] });
    io.out(
      JSON.stringify(
        cases.map((c) => ({
          id: c.id,
          responseId: c.responseId,
          unitCode: c.unitCode,
          deskCode: c.deskCode,
          status: c.status,
          openedAt: c.openedAt,
          dueAt: c.dueOn,
          assignee: c.assignee,
          finding: c.finding,
        })),
        null,
        2
      )
    );
  },
};
