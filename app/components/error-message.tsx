import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { useT } from "~/i18n/react";
import { errorMessageKey } from "~/utils/http-status";

/** The error page body, used by the root's and the layouts' error boundaries. */
export function ErrorMessage() {
  const error = useRouteError();
  const { t } = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = t(errorMessageKey(status));
  return (
    <section className="error-page">
      <h1>{t("errors.title")}</h1>
      <p>{message}</p>
      <p>
        <a href="/">{t("errors.back_home")}</a>
      </p>
    </section>
  );
}
