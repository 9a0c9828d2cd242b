/** Zod pieces the administration forms share. Form fields arrive as strings; "" means not given. */
import { z } from "zod";
import { isIsoDate } from "~/domain/time";

/** A YYYY-MM-DD date (what <input type="date"> sends), or null when left empty. */
export const optionalDate = z
  .string()
  .trim()
  .transform((v) => (v === "" ? null : v))
  .refine((v) => v === null || isIsoDate(v), { params: { code: "invalid_date" } });

export const requiredDate = z
  .string()
  .trim()
  .min(1)
  .refine((v) => isIsoDate(v), { params: { code: "invalid_date" } });

/** A row id from a select or hidden field, or null when left empty. */
export const optionalId = z
  .string()
  .trim()
  .transform((v) => (v === "" ? null : Number(v)))
  .refine((v) => v === null || (Number.isInteger(v) && v > 0), { params: { code: "required" } });

export const requiredId = z
  .string()
  .trim()
  .min(1)
  .transform(Number)
  .refine((v) => Number.isInteger(v) && v > 0, { params: { code: "invalid" } });

export const name = z.string().trim().min(1).max(200);

/** "yes" / "no" radio or select values as 0/1 flags. */
export const flag = z.enum(["yes", "no"]).transform((v) => (v === "yes" ? 1 : 0) as 0 | 1);

/** An optional email address (users' alerts); empty = none. */
export const optionalEmail = z
  .string()
  .trim()
  .max(254)
  .optional()
  .transform((v) => v || null)
  .refine((v) => v === null || z.email().safeParse(v).success, { params: { code: "invalid_email" } });
