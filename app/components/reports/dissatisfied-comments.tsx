/** What dissatisfied citizens wrote, newest first, a page at a time. */
import { Link } from "@remix-run/react";
import { reportHref } from "~/components/report-tables";
import { formatDateTime } from "~/utils/format";
import { useT } from "~/i18n/react";

export interface ReportComment {
  id: string;
  /** The response's effective time (ISO 8601). */
  at: string;
  text: string | null;
  language: string;
  unit: string;
  desk: string;
  field: string | null;
  reasons: readonly string[];
}

export function DissatisfiedComments({
  comments,
  linkParams,
}: {
  comments: { items: readonly ReportComment[]; next: string | null };
  linkParams: Record<string, string>;
}) {
  const { t, lang } = useT();
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">{t("reports:comments.title")}</h2>
      <p className="note">{t("reports:comments.note")}</p>
      {comments.items.length === 0 ? (
        <p>{t("reports:comments.none")}</p>
      ) : (
        <ol className="comments">
          {comments.items.map((c) => (
            <li key={c.id}>
              <p className="comment-meta">
                <time dateTime={c.at}>{formatDateTime(c.at, lang)}</time> · {c.unit} · {c.desk}
                {c.field ? <> · {c.field}</> : null}
              </p>
              <blockquote lang={c.language}>{c.text}</blockquote>
              {c.reasons.length > 0 ? (
                <p className="comment-reasons">
                  {t("reports:comments.reasons")}: {c.reasons.map((r) => t(`reasons.${r}`)).join("; ")}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {comments.next ? (
        <p>
          <Link to={`${reportHref(linkParams, { after: comments.next })}#comments-title`}>
            {t("reports:comments.older")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}
