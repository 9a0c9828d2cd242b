import { TextField } from "./form";
import { useT } from "~/i18n/react";

/** An account's alert address, as the new-account form and an account's page ask for it (optional). */
export function EmailField({ defaultValue }: { defaultValue?: string }) {
  const { t } = useT();
  return (
    <TextField
      name="email"
      type="email"
      label={t("admin:user_email.label")}
      hint={t("admin:user_email.hint")}
      defaultValue={defaultValue}
      autoComplete="off"
    />
  );
}
