/**
 * What an administration form's action returns when it cannot do its work:
 * which form on the page failed, a message per field ("" for the whole form),
 * and what the user typed, so the page can show both (passwords are never sent back).
 * Shared by the server (app/admin/forms.server.ts) and the form components.
 */
export interface FormFailure {
  form: string;
  errors: Record<string, string>;
  values: Record<string, string>;
}

export interface WithFailure {
  failure?: FormFailure;
}

/** Notices a page may show after a redirect (?notice=…), keys under admin:notices. */
export const NOTICES = [
  "unit_created",
  "unit_renamed",
  "unit_moved",
  "unit_retired",
  "unit_restored",
  "report_signer_saved",
  "units_imported",
  "province_created",
  "desk_created",
  "desk_updated",
  "desks_imported",
  "tablet_revoked",
  "field_created",
  "field_updated",
  "questionnaire_saved",
  "questionnaire_created",
  "questionnaire_activated",
  "user_updated",
  "user_disabled",
  "user_enabled",
  "targets_saved",
  "baseline_saved",
  "baseline_deleted",
  "province_name_saved",
  "password_changed",
  "public_results_saved",
  "case_assigned",
  "case_verifying",
  "case_noted",
  "case_concluded",
  "holiday_saved",
  "holiday_deleted",
  "webhook_deactivated",
  "system_revoked",
  "evaluation_link_saved",
  "alert_settings_saved",
  "user_email_saved",
  "case_settings_saved",
  "officer_created",
  "officer_updated",
  "officer_moved",
  "officer_deactivated",
  "officer_reactivated",
  "officer_pin_set",
] as const;
export type Notice = (typeof NOTICES)[number];

export function isNotice(value: string | null): value is Notice {
  return value !== null && (NOTICES as readonly string[]).includes(value);
}
