import { useT } from "~/i18n/react";

/** A generated password, shown once, to hand to its user. */
export function PasswordOnce({ username, password }: { username: string; password: string }) {
  const { t } = useT();
  return (
    <section className="panel password-once" aria-labelledby="password-title">
      <h2 id="password-title">{t("admin:users.password_title", { username })}</h2>
      <p className="big-code">
        <code>{password}</code>
      </p>
      <p className="note">{t("admin:users.password_once")}</p>
    </section>
  );
}
