/**
 * Opening harassment cases and their deadlines. Runs inside the ingest
 * transaction (also on the SQLite writer thread, which has no app context),
 * so it takes a database and reads what it needs: the deadline setting and
 * the holidays, only when a group holds a harassment response.
 */
import type { DB } from "../connection";
import { type CaseToOpen, insertDueEvents, openCases } from "./cases";
import { holidayDates } from "./holidays";
import { SETTING_KEYS, getSetting } from "./settings";
import type { StoredResponse } from "./responses";
import { HOLIDAY_WINDOW_DAYS, addWorkingDays } from "~/domain/working-days";
import { addDays, localDateOf } from "~/domain/time";

export const DEFAULT_DEADLINE_DAYS = 10;
export const DEFAULT_CONTACT_DAYS = 90;
export const MAX_CONTACT_DAYS = 3650;
export const MAX_DEADLINE_DAYS = 60;
/** Reminders go this many working days before the last day. */
export const DUE_SOON_WORKING_DAYS = 2;

export async function deadlineDays(db: DB): Promise<number> {
  const value = Number(await getSetting(db, SETTING_KEYS.caseDeadlineDays));
  return Number.isInteger(value) && value >= 1 && value <= MAX_DEADLINE_DAYS ? value : DEFAULT_DEADLINE_DAYS;
}

/** Days after a case's conclusion that the citizen's contact is kept (setting, default 90). */
export async function contactRetentionDays(db: DB): Promise<number> {
  const value = Number(await getSetting(db, SETTING_KEYS.caseContactDays));
  return Number.isInteger(value) && value >= 1 && value <= MAX_CONTACT_DAYS ? value : DEFAULT_CONTACT_DAYS;
}

/** The last working day of a case opened on local date `openedOn`, `days` working days later. */
export async function dueOnFor(db: DB, openedOn: string, days?: number): Promise<string> {
  const n = days ?? (await deadlineDays(db));
  const holidays = await holidayDates(db, openedOn, addDays(openedOn, HOLIDAY_WINDOW_DAYS));
  return addWorkingDays(openedOn, n, holidays);
}

/**
 * Opens one case per counted harassment response just stored (`counted`:
 * the group's new, non-suspect rows), at the time the server received it.
 * Nothing is read when the group has none.
 */
export async function openCasesForCounted(
  trx: DB,
  counted: readonly StoredResponse[],
  phones: ReadonlyMap<string, string> = new Map()
): Promise<number[]> {
  const harassment = counted.filter((r) => r.harassment === 1 && r.suspect === 0);
  if (harassment.length === 0) return [];
  const days = await deadlineDays(trx);
  const dueByDate = new Map<string, string>();
  const toOpen: CaseToOpen[] = [];
  for (const r of harassment) {
    const openedOn = localDateOf(new Date(r.receivedAt));
    let dueOn = dueByDate.get(openedOn);
    if (!dueOn) {
      dueOn = await dueOnFor(trx, openedOn, days);
      dueByDate.set(openedOn, dueOn);
    }
    const phone = phones.get(r.id);
    toOpen.push({
      responseId: r.id,
      unitId: r.unitId,
      deskId: r.deskId,
      openedAt: r.receivedAt,
      dueOn,
      // Consent was given at the tap: the response's time.
      ...(phone ? { contact: { phone, consentedAt: r.effectiveAt } } : {}),
    });
  }
  return openCases(trx, toOpen);
}

/**
 * The deadline check the scheduler runs (each minute): open cases within
 * DUE_SOON_WORKING_DAYS working days of their last day get a `due_soon`
 * event, those past it an `overdue` event, each at most once per case.
 * Idempotent: running it again inserts nothing new.
 */
export async function markDueCases(db: DB, now: Date): Promise<{ dueSoon: number; overdue: number }> {
  const today = localDateOf(now);
  return db.transaction().execute(async (trx) => {
    const holidays = await holidayDates(trx, today, addDays(today, HOLIDAY_WINDOW_DAYS));
    const soonOn = addWorkingDays(today, DUE_SOON_WORKING_DAYS, holidays);
    return insertDueEvents(trx, today, soonOn, now.toISOString());
  });
}
