import type { ActionFunctionArgs } from "@remix-run/node";
import { pairingSheetAction } from "~/admin/pairing-sheet.server";

/** POST: issues the listed tablets their pairing codes and answers the printable sheet (PDF). */
export const action = ({ request, context }: ActionFunctionArgs) => pairingSheetAction(context.app, request);
