import { z } from "zod";

/** Usernames: 3–50 of a–z, 0–9, ".", "_", "-"; stored lower-case (sign-in lower-cases too). */
export const username = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => /^[a-z0-9._-]{3,50}$/.test(v), { params: { code: "username_format" } });
