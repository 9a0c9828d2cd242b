/**
 * The words of an alert: the email (Vietnamese, the officials' language) and
 * the webhook body. Neither carries the citizen's contact nor the comment.
 */
import type { CaseEventForAlert } from "~db/repositories/alerts";
import type { AlertKind, WebhookEvent } from "~/domain/alerts";
import { getT } from "~/i18n/i18n.server";
import { formatDate, formatDateTime } from "~/utils/format";

export function caseLink(baseUrl: string, caseId: number): string {
  return `${baseUrl.replace(/\/$/, "")}/admin/cases/${caseId}`;
}

export function alertMail(kind: AlertKind, e: CaseEventForAlert, username: string, baseUrl: string) {
  const t = getT("vi");
  const params = {
    id: e.caseId,
    username,
    unit: e.unitName,
    desk: e.deskName,
    openedAt: formatDateTime(e.openedAt, "vi"),
    dueOn: formatDate(e.dueOn),
    assignee: e.assigneeUsername ?? t("admin:alert_mail.nobody"),
    link: caseLink(baseUrl, e.caseId),
  };
  const lines = [
    t("admin:alert_mail.greeting", params),
    "",
    t(`admin:alert_mail.${kind}.text`, params),
    t("admin:alert_mail.due", params),
    t("admin:alert_mail.assignee", params),
    "",
    t("admin:alert_mail.link", params),
    "",
    t("admin:alert_mail.footer"),
  ];
  return { subject: t(`admin:alert_mail.${kind}.subject`, params), body: lines.join("\n") };
}

/** The case as webhooks receive it. */
export function caseForWebhook(e: CaseEventForAlert, baseUrl: string) {
  return {
    id: e.caseId,
    responseId: e.responseId,
    url: caseLink(baseUrl, e.caseId),
    unit: { code: e.unitCode, name: e.unitName },
    desk: { code: e.deskCode, name: e.deskName },
    status: e.status,
    openedAt: e.openedAt,
    dueOn: e.dueOn,
    concludedAt: e.concludedAt,
    finding: e.finding,
    assignee: e.assigneeUsername,
    suspect: e.suspect === 1,
  };
}

export function webhookBody(event: WebhookEvent | "ping", deliveryId: string, occurredAt: string, body: object) {
  return JSON.stringify({ event, deliveryId, occurredAt, ...body });
}
