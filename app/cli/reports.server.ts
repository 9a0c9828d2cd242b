/** report, rollups:rebuild */
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { rebuildRollups } from "~db/repositories/rollups";
import { renderReport } from "~/reports/export/render.server";
import { prepareReport } from "~/reports/query.server";
import { usageError } from "./basics.server";
import { type CliCommand, UsageError } from "./command";
import { partialName, requireFolderOf } from "./files.server";

/** Writes next to the target and renames, so a failed export never leaves a partial or empty file. */
async function writeFileAtomically(file: string, body: string | NodeJS.ReadableStream): Promise<number> {
  const partial = partialName(file);
  try {
    if (typeof body === "string") fs.writeFileSync(partial, body);
    else await pipeline(body, fs.createWriteStream(partial));
    fs.renameSync(partial, file);
    return fs.statSync(file).size;
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

export const report: CliCommand = {
  name: "report",
  options: {
    from: { type: "string" },
    to: { type: "string" },
    period: { type: "string" },
    unit: { type: "string" },
    by: { type: "string" },
    format: { type: "string" },
    channel: { type: "string" },
    out: { type: "string" },
    // The signable document (PDF, DOCX): number, date, issuer and signer for this report.
    issued: { type: "string" },
    number: { type: "string" },
    issuer: { type: "string" },
    "issuer-name": { type: "string" },
    "number-suffix": { type: "string" },
    authority: { type: "string" },
    principal: { type: "string" },
    "signer-title": { type: "string" },
    "signer-name": { type: "string" },
    recipients: { type: "string" },
  },
  async run({ app, t, io }, values) {
    // --signer-title and the like are the report request's signer_title.
    const input = Object.fromEntries(Object.entries(values).map(([key, value]) => [key.replace(/-/g, "_"), value]));
    const prepared = await prepareReport(app, null, input, { by: "unit" });
    if (!prepared.ok)
      throw usageError(
        prepared.problems.map((p) => ({ ...p, field: p.field.replace(/_/g, "-") })),
        t
      );
    const format = prepared.query.format;
    if (!format) throw usageError([{ field: "format", code: "required" }], t);
    const out = typeof values.out === "string" && values.out.trim() ? path.resolve(values.out) : null;
    if (!out && (format === "xlsx" || format === "pdf" || format === "docx"))
      throw new UsageError(t("cli:report.out_required", { format }));
    if (out) requireFolderOf(out, t);
    const rendered = await renderReport(app, prepared, format, "vi");
    if (!out) {
      io.out((rendered.body as string).replace(/\r?\n$/, ""));
      return;
    }
    const bytes = await writeFileAtomically(out, rendered.body);
    await rendered.done;
    io.out(t("cli:report.written", { file: out, bytes }));
  },
};

export const rollupsRebuild: CliCommand = {
  name: "rollups:rebuild",
  options: {},
  async run({ app, t, io }) {
    const started = Date.now();
    const result = await rebuildRollups(app.db);
    io.out(
      t("cli:rollups_rebuilt", {
        responses: result.responses,
        day: result.rows.rollup_day,
        field: result.rows.rollup_day_field,
        hour: result.rows.rollup_day_hour,
        seconds: ((Date.now() - started) / 1000).toFixed(1),
      })
    );
  },
};
