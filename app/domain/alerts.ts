/**
 * What a case event turns into: the webhook event it is sent as, who is
 * told by email or in the app, and when a failed send is tried again. Pure.
 */

/**
 * Events sent to webhooks: case events (case_events.type) by their webhook name, and
 * `dossier.returned`, written as a delivery when a dossier is returned (app/dossiers).
 */
export const WEBHOOK_EVENTS = [
  "case.opened",
  "case.due_soon",
  "case.overdue",
  "case.concluded",
  "dossier.returned",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The event a test delivery carries («gửi thử»). */
export const TEST_EVENT = "ping";

export function webhookEventOf(caseEventType: string): WebhookEvent | null {
  const name = `case.${caseEventType}`;
  return (WEBHOOK_EVENTS as readonly string[]).includes(name) ? (name as WebhookEvent) : null;
}

/** Case events that alert people (email or in the app). */
export const ALERT_KINDS = ["opened", "due_soon", "overdue"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export function alertKindOf(caseEventType: string): AlertKind | null {
  return (ALERT_KINDS as readonly string[]).includes(caseEventType) ? (caseEventType as AlertKind) : null;
}

/**
 * Who hears of a new case (setting `alerts_opened_to`): the managers of the
 * case's unit and of every unit above it up to the province (`chain`, the
 * default), of its unit only (`unit`), or of its unit and the province (`unit_and_province`).
 */
export const OPENED_AUDIENCES = ["chain", "unit", "unit_and_province"] as const;
export type OpenedAudience = (typeof OPENED_AUDIENCES)[number];
export const DEFAULT_OPENED_AUDIENCE: OpenedAudience = "chain";

export function parseOpenedAudience(value: string | undefined): OpenedAudience {
  return (OPENED_AUDIENCES as readonly string[]).includes(value ?? "")
    ? (value as OpenedAudience)
    : DEFAULT_OPENED_AUDIENCE;
}

/** A unit and its parents, the case's unit first (the root last). */
export interface ChainUnit {
  code: string;
  level: string;
}

/** Whose managers hear of a new case: codes of units in the chain. */
export function openedUnitCodes(chain: readonly ChainUnit[], audience: OpenedAudience): string[] {
  if (chain.length === 0) return [];
  if (audience === "unit") return [chain[0].code];
  if (audience === "unit_and_province") {
    const province = chain.find((u) => u.level === "province") ?? chain[chain.length - 1];
    return [...new Set([chain[0].code, province.code])];
  }
  // Up to the province; nothing above it is a unit with managers of this case.
  const upTo = chain.findIndex((u) => u.level === "province");
  return chain.slice(0, upTo === -1 ? chain.length : upTo + 1).map((u) => u.code);
}

/**
 * The plan for one alert event: who to tell. due_soon: the assignee (or,
 * while nobody is assigned, the unit's managers); overdue: the same plus the
 * managers one level up.
 */
export function escalationUnitCodes(chain: readonly ChainUnit[], kind: "due_soon" | "overdue", hasAssignee: boolean) {
  const codes: string[] = [];
  if (!hasAssignee && chain[0]) codes.push(chain[0].code);
  if (kind === "overdue" && chain[1]) codes.push(chain[1].code);
  return codes;
}

const MINUTE = 60_000;

/** Retries are given up a day after the first try. */
export const RETRY_FOR_MS = 24 * 60 * MINUTE;

/**
 * When to try again after `attempts` failed tries: 30 s, 1, 2, 4 … minutes,
 * at most an hour apart; null once the next try would fall past a day from `firstAt`.
 */
export function nextAttemptAt(firstAt: Date, failedAt: Date, attempts: number): Date | null {
  const delay = Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * MINUTE);
  const next = new Date(failedAt.getTime() + delay);
  return next.getTime() - firstAt.getTime() > RETRY_FOR_MS ? null : next;
}
