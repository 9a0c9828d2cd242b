import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { pairingSheetAction, pairingSheetLoader } from "~/admin/pairing-sheet.server";

/** GET: back to the tablets' import (the sheet is made only by a POST). */
export const loader = ({ request, context }: LoaderFunctionArgs) => pairingSheetLoader(context.app, request);

/** POST: issues the listed tablets their pairing codes and answers the printable sheet (PDF). */
export const action = ({ request, context }: ActionFunctionArgs) => pairingSheetAction(context.app, request);
