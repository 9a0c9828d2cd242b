/**
 * The pairing sheet (ADR 060): for tablets just created in bulk, a printable
 * PDF with one card per tablet — its unit, desk and name, a QR code of the
 * kiosk's pairing link with the code, and the code itself — that staff carry
 * to the centres. Codes are stored only as HMACs, so the sheet cannot be
 * printed later from the database: producing it issues every listed tablet a
 * new code (replacing any earlier one, audited) valid for the chosen time.
 * Printed codes live for hours or days, so they have twelve digits, not six.
 */
import { redirect } from "@remix-run/node";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { z } from "zod";
import type { DB } from "~db/connection";
import { type DeviceListing, findDeviceListing } from "~db/repositories/devices";
import type { AppContext } from "~/context";
import { pairingUrl } from "~/devices/devices.server";
import type { ServerT } from "~/i18n/i18n.server";
import { FONTS } from "~/reports/export/pdf.server";
import { attachment } from "~/reports/export/render.server";
import { formatDateTime } from "~/utils/format";
import { validate } from "~/utils/problems";
import { MANAGERS, type Staff, notFound, requireStaff } from "./access.server";
import { FormProblems, readForm, reject } from "./forms.server";
import { issueAuditedPairingCode } from "./tablets.server";

/** The validities offered, in hours; the longest bounds how long a printed code can be guessed at. */
export const SHEET_VALIDITY_HOURS = [8, 24, 72, 168] as const;
export const DEFAULT_SHEET_HOURS = 72;
export const MAX_SHEET_TABLETS = 2_000;

const sheetSchema = z.object({
  devices: z
    .string()
    .trim()
    .min(1)
    .transform((v) => [...new Set(v.split(",").map((id) => Number(id.trim())))])
    .refine((ids) => ids.every((id) => Number.isInteger(id) && id > 0), { params: { code: "invalid" } })
    .refine((ids) => ids.length <= MAX_SHEET_TABLETS, {
      params: { code: "too_many", max: MAX_SHEET_TABLETS },
    }),
  hours: z.enum(SHEET_VALIDITY_HOURS.map(String) as [string, ...string[]]).transform(Number),
});

export interface SheetCard {
  unitName: string;
  deskName: string;
  deskCode: string;
  deviceName: string;
  code: string;
  url: string;
  expiresAt: string;
}

/**
 * Issues each tablet (in the staff member's scope, not revoked) a sheet code
 * valid for `hours`, in one transaction with one audit entry per tablet.
 */
export async function issueSheetCodes(
  db: DB,
  secret: string,
  staff: Staff,
  now: Date,
  deviceIds: readonly number[],
  hours: number,
  baseUrl: string
): Promise<SheetCard[]> {
  return db.transaction().execute(async (trx) => {
    const cards: SheetCard[] = [];
    for (const id of deviceIds) {
      const device: DeviceListing | undefined = await findDeviceListing(trx, id);
      if (!device || !staff.scope.has(device.unitId)) notFound();
      if (device.revokedAt) reject("devices", "tablet_revoked");
      const pairing = await issueAuditedPairingCode(trx, secret, staff, now, device, { hours });
      cards.push({
        unitName: device.unitName,
        deskName: device.deskName,
        deskCode: device.deskCode,
        deviceName: device.name,
        code: pairing.code,
        url: pairingUrl(baseUrl, pairing.code),
        expiresAt: pairing.expiresAt,
      });
    }
    return cards;
  });
}

/** "123456789012" as "1234 5678 9012", easier to read out and type. */
export function groupedCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, "$1 ");
}

const MARGIN = 36;
const COLUMNS = 2;
const ROWS = 4;
const GAP = 12;
const QR_SIZE = 118;

/** The sheet as a PDF: A4 portrait, eight cards a page, Be Vietnam Pro (Vietnamese diacritics). */
export async function pairingSheetPdf(cards: readonly SheetCard[], t: ServerT, lang: "vi" | "en", now: Date) {
  const pdf = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    autoFirstPage: false,
    info: { Title: t("admin:pairing_sheet.title"), Creator: "HaiLong", CreationDate: now },
    lang,
  } as PDFKit.PDFDocumentOptions);
  pdf.registerFont("regular", FONTS.regular);
  pdf.registerFont("bold", FONTS.bold);
  const chunks: Buffer[] = [];
  pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on("end", resolve);
    pdf.on("error", reject);
  });
  const perPage = COLUMNS * ROWS;
  const pages = Math.max(1, Math.ceil(cards.length / perPage));
  for (let page = 0; page < pages; page++) {
    pdf.addPage();
    const width = pdf.page.width - 2 * MARGIN;
    pdf.font("bold").fontSize(13).text(t("admin:pairing_sheet.title"), MARGIN, MARGIN, { width });
    pdf
      .font("regular")
      .fontSize(8.5)
      .text(t("admin:pairing_sheet.how", { page: page + 1, pages }), { width });
    const top = pdf.y + 8;
    const cardWidth = (width - GAP * (COLUMNS - 1)) / COLUMNS;
    const cardHeight = (pdf.page.height - MARGIN - top - GAP * (ROWS - 1)) / ROWS;
    const onPage = cards.slice(page * perPage, (page + 1) * perPage);
    for (const [i, card] of onPage.entries()) {
      const x = MARGIN + (i % COLUMNS) * (cardWidth + GAP);
      const y = top + Math.floor(i / COLUMNS) * (cardHeight + GAP);
      await drawCard(pdf, card, { x, y, width: cardWidth, height: cardHeight }, t, lang);
    }
  }
  pdf.end();
  await ended;
  return Buffer.concat(chunks);
}

async function drawCard(
  pdf: PDFKit.PDFDocument,
  card: SheetCard,
  box: { x: number; y: number; width: number; height: number },
  t: ServerT,
  lang: "vi" | "en"
) {
  pdf.save().lineWidth(0.6).dash(3, { space: 3 }).rect(box.x, box.y, box.width, box.height).stroke("#8a8a8a");
  pdf.restore().undash();
  const png = await QRCode.toBuffer(card.url, { type: "png", margin: 1, errorCorrectionLevel: "M", scale: 4 });
  pdf.image(png, box.x + 8, box.y + 8, { width: QR_SIZE, height: QR_SIZE });
  const textX = box.x + QR_SIZE + 16;
  const textWidth = box.width - QR_SIZE - 24;
  pdf
    .fillColor("#000")
    .font("bold")
    .fontSize(8.5)
    .text(card.unitName, textX, box.y + 8, { width: textWidth });
  pdf.font("regular").text(t("admin:pairing_sheet.desk", { name: card.deskName, code: card.deskCode }), {
    width: textWidth,
  });
  pdf.text(t("admin:pairing_sheet.tablet", { name: card.deviceName }), { width: textWidth });
  pdf.moveDown(0.4).font("regular").fontSize(7.5).text(t("admin:pairing_sheet.code"), { width: textWidth });
  // The code on one line: a wrapped code is misread (the font shrinks until it fits).
  const code = groupedCode(card.code);
  let size = 14;
  pdf.font("bold").fontSize(size);
  while (pdf.widthOfString(code) > textWidth && size > 8) pdf.fontSize((size -= 0.5));
  pdf.text(code, { width: textWidth, lineBreak: false });
  pdf
    .font("regular")
    .fontSize(7.5)
    .text(t("admin:pairing_sheet.expires", { time: formatDateTime(card.expiresAt, lang) }), { width: textWidth });
  pdf
    .font("regular")
    .fontSize(6.5)
    .text(card.url, box.x + 8, box.y + QR_SIZE + 14, { width: box.width - 16 });
}

/** GET (a reload of the download, a bookmark): the sheet is made only by a POST; back to the tablets' import. */
export async function pairingSheetLoader(app: AppContext, request: Request): Promise<Response> {
  await requireStaff(app, request, MANAGERS);
  return redirect("/admin/devices/import");
}

/** POST: issues the listed tablets their codes and answers the sheet as a PDF download. */
export async function pairingSheetAction(app: AppContext, request: Request): Promise<Response> {
  const staff = await requireStaff(app, request, MANAGERS);
  const { values } = await readForm(request);
  const parsed = validate(sheetSchema, values);
  if (!parsed.ok) {
    throw new Response(staff.t("admin:pairing_sheet.bad_request"), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const now = app.now();
  const baseUrl = app.config.publicUrl ?? new URL(request.url).origin;
  let cards: SheetCard[];
  try {
    cards = await issueSheetCodes(
      app.db,
      app.config.sessionSecret,
      staff,
      now,
      parsed.data.devices,
      parsed.data.hours,
      baseUrl
    );
  } catch (error) {
    if (error instanceof FormProblems) {
      throw new Response(staff.t("admin:pairing_sheet.revoked"), {
        status: 409,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    }
    throw error;
  }
  const pdf = await pairingSheetPdf(cards, staff.t, staff.lang, now);
  const day = now.toISOString().slice(0, 10);
  return new Response(pdf, {
    status: 200,
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": attachment(`phieu-ghep-noi-${day}.pdf`),
      "Cache-Control": "no-store",
    },
  });
}
