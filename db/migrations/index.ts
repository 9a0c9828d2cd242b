/**
 * The migration list. Static imports (not a folder scan) so the bundled server
 * and the CLI see the same migrations. Names sort by date; append, never reorder.
 */
import type { Migration } from "kysely";
import * as initial from "./2026_11_26_0001_initial";
import * as dissatisfiedComments from "./2026_11_26_0100_dissatisfied_comments";
import * as monthRollups from "./2026_11_26_0101_month_rollups";
import * as kioskSync from "./2026_11_26_0300_kiosk_sync";
import * as rollupMonth from "./2026_11_26_0600_rollup_month";
import * as dropResponsesDeskDate from "./2026_11_27_0100_drop_responses_desk_date";
import * as pairingCodesHmac from "./2026_11_28_0300_pairing_codes_hmac";
import * as readinessProbe from "./2026_12_04_0100_readiness_probe";
import * as targetResolutions from "./2026_12_04_0100_target_resolutions";
import * as reportSigners from "./2026_12_04_1100_report_signers";
import * as fieldNameHistory from "./2026_12_04_1200_field_name_history";
import * as answerRollups from "./2026_12_04_1400_answer_rollups";
import * as cases from "./2026_12_04_1500_cases";
import * as alerts from "./2026_12_04_1600_alerts";
import * as dossiers from "./2026_12_04_1700_dossiers";
import * as channelRollups from "./2026_12_04_1740_channel_rollups";
import * as officers from "./2026_12_04_1800_officers";
import * as listSearch from "./2026_12_04_1810_list_search";
import * as officerSearchKey from "./2026_12_04_2200_officer_search_key";
import * as reportScopeIndexes from "./2026_12_04_2210_report_scope_indexes";
import * as officerMonthRollup from "./2026_12_05_0100_officer_month_rollup";
import * as rollupEpochs from "./2026_12_05_0200_rollup_epochs";
import * as reviewedFlaggedIndex from "./2026_12_05_0300_reviewed_flagged_index";
import * as caseEpochs from "./2026_12_05_0400_case_epochs";
import * as tetHolidayNames from "./2026_12_05_0500_tet_holiday_names";
import * as directoryEpochs from "./2026_12_05_0600_directory_epochs";

export const migrations: Record<string, Migration> = {
  "2026_11_26_0001_initial": initial,
  "2026_11_26_0100_dissatisfied_comments": dissatisfiedComments,
  "2026_11_26_0101_month_rollups": monthRollups,
  "2026_11_26_0300_kiosk_sync": kioskSync,
  "2026_11_26_0600_rollup_month": rollupMonth,
  "2026_11_27_0100_drop_responses_desk_date": dropResponsesDeskDate,
  "2026_11_28_0300_pairing_codes_hmac": pairingCodesHmac,
  "2026_12_04_0100_readiness_probe": readinessProbe,
  "2026_12_04_0100_target_resolutions": targetResolutions,
  "2026_12_04_1100_report_signers": reportSigners,
  "2026_12_04_1200_field_name_history": fieldNameHistory,
  "2026_12_04_1400_answer_rollups": answerRollups,
  "2026_12_04_1500_cases": cases,
  "2026_12_04_1600_alerts": alerts,
  "2026_12_04_1700_dossiers": dossiers,
  "2026_12_04_1740_channel_rollups": channelRollups,
  "2026_12_04_1800_officers": officers,
  "2026_12_04_1810_list_search": listSearch,
  "2026_12_04_2200_officer_search_key": officerSearchKey,
  "2026_12_04_2210_report_scope_indexes": reportScopeIndexes,
  "2026_12_05_0100_officer_month_rollup": officerMonthRollup,
  "2026_12_05_0200_rollup_epochs": rollupEpochs,
  "2026_12_05_0300_reviewed_flagged_index": reviewedFlaggedIndex,
  "2026_12_05_0400_case_epochs": caseEpochs,
  "2026_12_05_0500_tet_holiday_names": tetHolidayNames,
  "2026_12_05_0600_directory_epochs": directoryEpochs,
};
