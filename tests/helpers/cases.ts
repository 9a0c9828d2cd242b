/** Cases and their events written straight into the tables, for the alerts' tests (the cases module opens real ones). */
import crypto from "node:crypto";
import type { DB } from "~db/connection";
import { raiseCaseEpochs } from "~db/repositories/rollup-cache";
import { localDateOf } from "~/domain/time";

export async function openTestCase(
  db: DB,
  c: { unitId: number; deskId: number; at: string; dueOn: string; assigneeUserId?: number | null; phone?: string }
): Promise<{ caseId: number; eventId: number; responseId: string }> {
  const responseId = crypto.randomUUID();
  await db
    .insertInto("responses")
    .values({
      id: responseId,
      device_id: null,
      desk_id: c.deskId,
      unit_id: c.unitId,
      unit_level: "commune",
      questionnaire_version: 1,
      rating: "dissatisfied",
      reasons: JSON.stringify(["harassment"]),
      harassment: 1,
      field_code: null,
      dossier_code: "H01.2026.001",
      on_time: null,
      comment: "Cán bộ gợi ý tiền",
      language: "vi",
      answers: null,
      submitted_at: c.at,
      received_at: c.at,
      effective_at: c.at,
      local_date: c.at.slice(0, 10),
      local_hour: 9,
      content_hash: crypto.randomBytes(8).toString("hex"),
    })
    .execute();
  const row = await db
    .insertInto("cases")
    .values({
      response_id: responseId,
      unit_id: c.unitId,
      desk_id: c.deskId,
      assignee_user_id: c.assigneeUserId ?? null,
      opened_at: c.at,
      due_on: c.dueOn,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (c.phone) {
    await db.insertInto("case_contacts").values({ case_id: row.id, phone: c.phone, consented_at: c.at }).execute();
  }
  // As the repository does: a report's case rows kept in memory for that month are read again.
  await raiseCaseEpochs(db, [localDateOf(new Date(c.at)).slice(0, 7)]);
  const eventId = await addCaseEvent(db, row.id, "opened", c.at);
  return { caseId: row.id, eventId, responseId };
}

export async function addCaseEvent(db: DB, caseId: number, type: string, at: string): Promise<number> {
  const row = await db
    .insertInto("case_events")
    .values({ case_id: caseId, type, at, user_id: null, before: null, after: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
