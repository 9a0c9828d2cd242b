/**
 * The citizen's contact on a case (ADR 048): who may read the number, and its
 * erasure a set number of days (setting case_contact_retention_days) after
 * the case is concluded, run by the scheduler (app/alerts/scheduler.server.ts).
 */
import type { DB } from "~db/connection";
import { recordAudit } from "~db/repositories/audit";
import { contactRetentionDays } from "~db/repositories/case-deadlines";
import { eraseContactsConcludedBefore, findCaseContact } from "~db/repositories/cases";
import type { Actor } from "~/domain/audit";
import { maskPhone } from "~/domain/phone";
import type { Staff } from "~/admin/access.server";

/** The scheduler, as the audit log names it. */
export const SCHEDULER_ACTOR: Actor = { id: null, username: "[scheduler]" };

export interface CaseContactView {
  /** The number in full (assignee, administrators) or masked (09•••••123). */
  phone: string;
  masked: boolean;
  consentedAt: string;
}

/** Only the case's assignee and administrators read the number; everyone else who sees the case, masked. */
export function maySeeContact(staff: Staff, assigneeUserId: number | null): boolean {
  return staff.user.role === "admin" || (assigneeUserId !== null && staff.user.id === assigneeUserId);
}

export async function caseContactFor(
  db: DB,
  staff: Staff,
  c: { id: number; assigneeUserId: number | null }
): Promise<CaseContactView | null> {
  const contact = await findCaseContact(db, c.id);
  if (!contact) return null;
  const full = maySeeContact(staff, c.assigneeUserId);
  return { phone: full ? contact.phone : maskPhone(contact.phone), masked: !full, consentedAt: contact.consentedAt };
}

/**
 * Erases the contacts of cases concluded more than the retention setting's
 * days ago, each with its `contact_erased` event, and one audit entry per
 * case, in one transaction per batch. Returns how many were erased.
 */
export async function eraseExpiredContacts(db: DB, now: Date): Promise<number> {
  const days = await contactRetentionDays(db);
  const before = new Date(now.getTime() - days * 86_400_000).toISOString();
  let erased = 0;
  for (;;) {
    const ids = await db.transaction().execute(async (trx) => {
      const cases = await eraseContactsConcludedBefore(trx, before, now.toISOString());
      for (const c of cases) {
        await recordAudit(trx, SCHEDULER_ACTOR, now, {
          action: "erase_contact",
          entity: "case",
          entityId: c.id,
          unitId: c.unitId,
          before: { contact: "present" },
          after: { contact: null, retentionDays: days },
        });
      }
      return cases;
    });
    erased += ids.length;
    if (ids.length === 0) break;
  }
  return erased;
}
