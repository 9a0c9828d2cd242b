import { type User, findUserByUsername } from "~db/repositories/users";
import type { AppContext } from "~/context";
import { verifyAgainstDummy, verifyPassword } from "./password.server";

/** The user for these credentials, or null; unknown users cost the same time as wrong passwords. */
export async function checkCredentials(app: AppContext, username: string, password: string): Promise<User | null> {
  const user = await findUserByUsername(app.db, username.trim().toLowerCase());
  if (!user) return verifyAgainstDummy(password).then(() => null);
  const ok = await verifyPassword(password, user.passwordHash);
  return ok && !user.disabled ? user : null;
}
