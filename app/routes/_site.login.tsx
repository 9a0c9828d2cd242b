import {
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  data,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { loginAction } from "~/auth/login-form.server";
import { getCurrentUser } from "~/auth/session.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { bundlesFor } from "~/i18n/resources.server";
import { pageLanguage } from "~/i18n/i18n.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "login") }];

/** A refused sign-in says how long to wait (Retry-After); a page's headers come only from here. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getCurrentUser(context.app, request)) throw redirect("/admin");
  return { i18n: bundlesFor(await pageLanguage(request), ["admin"]) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { status, retryAfter, ...body } = await loginAction(context.app, request, context.clientIp);
  return data(body, { status, headers: retryAfter ? { "Retry-After": String(retryAfter) } : undefined });
}

export default function LoginRoute() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useT();
  return (
    <section className="narrow">
      <h1>{t("admin:login.title")}</h1>
      <p>{t("admin:login.intro")}</p>
      <Form method="post" className="stack">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/admin"} />
        {result?.error ? (
          <p className="form-error" role="alert" id="login-error">
            {result.error}
          </p>
        ) : null}
        <label>
          <span>{t("admin:login.username")}</span>
          <input
            name="username"
            autoComplete="username"
            required
            defaultValue={result?.username ?? ""}
            aria-describedby={result?.error ? "login-error" : undefined}
          />
        </label>
        <label>
          <span>{t("admin:login.password")}</span>
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" className="button primary">
          {t("admin:login.submit")}
        </button>
      </Form>
    </section>
  );
}
