import { TextField } from "./form";
import { useT } from "~/i18n/react";

/** An officer's sign-in PIN, as the new-officer form and an officer's page ask for it (digits, never shown). */
export function PinField() {
  const { t } = useT();
  return (
    <TextField
      name="pin"
      type="password"
      inputMode="numeric"
      autoComplete="new-password"
      label={t("admin:officers.pin")}
      hint={t("admin:officers.pin_hint")}
    />
  );
}
