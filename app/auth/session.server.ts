/**
 * Officials' sessions: a random secret in a signed, httpOnly, SameSite=Lax
 * cookie; the database keeps its sha256 with idle and absolute expiry, so a
 * session can be ended from the server (sign-out everywhere on a password change).
 */
import { type Cookie, createCookie, redirect } from "@remix-run/node";
import { deleteSession, findSessionUser, insertSession, touchSession } from "~db/repositories/sessions";
import type { Role } from "~db/schema";
import type { AppContext } from "~/context.server";
import { randomToken, sha256Hex } from "~/utils/crypto.server";

export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 12 * 60 * 60 * 1000;
/** Don't write last_seen_at on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface CurrentUser {
  id: number;
  username: string;
  role: Role;
  /** Root of the user's scope; null for a system administrator (everything). */
  unitId: number | null;
  sessionId: string;
}

const cookies = new Map<string, Cookie>();
function sessionCookie(secret: string): Cookie {
  let cookie = cookies.get(secret);
  if (!cookie) {
    cookie = createCookie("hl_session", { path: "/", httpOnly: true, sameSite: "lax", secrets: [secret] });
    cookies.set(secret, cookie);
  }
  return cookie;
}

export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

async function sessionSecretFrom(app: AppContext, request: Request): Promise<string | null> {
  const header = request.headers.get("cookie");
  if (!header?.includes("hl_session=")) return null;
  const value = await sessionCookie(app.config.sessionSecret).parse(header);
  return typeof value === "string" ? value : null;
}

/** Starts a session; returns the Set-Cookie header value. */
export async function startSession(app: AppContext, userId: number, request: Request): Promise<string> {
  const secret = randomToken(32);
  const now = app.now();
  await insertSession(app.db, {
    id: sha256Hex(secret),
    user_id: userId,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SESSION_MAX_MS).toISOString(),
  });
  return sessionCookie(app.config.sessionSecret).serialize(secret, { secure: isSecureRequest(request) });
}

export async function getCurrentUser(app: AppContext, request: Request): Promise<CurrentUser | null> {
  const secret = await sessionSecretFrom(app, request);
  if (!secret) return null;
  const session = await findSessionUser(app.db, sha256Hex(secret));
  if (!session || session.disabled) return null;
  const now = app.now().getTime();
  const lastSeen = Date.parse(session.lastSeenAt);
  if (now > Date.parse(session.expiresAt) || now - lastSeen > SESSION_IDLE_MS) {
    await deleteSession(app.db, session.sessionId);
    return null;
  }
  if (now - lastSeen > TOUCH_EVERY_MS) await touchSession(app.db, session.sessionId, new Date(now).toISOString());
  return {
    id: session.userId,
    username: session.username,
    role: session.role,
    unitId: session.unitId,
    sessionId: session.sessionId,
  };
}

/** The signed-in user, or a redirect to the sign-in page that comes back here. */
export async function requireUser(app: AppContext, request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(app, request);
  if (user) return user;
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

/** Ends the request's session; returns the Set-Cookie header value that clears it. */
export async function endSession(app: AppContext, request: Request): Promise<string> {
  const secret = await sessionSecretFrom(app, request);
  if (secret) await deleteSession(app.db, sha256Hex(secret));
  return sessionCookie(app.config.sessionSecret).serialize("", { maxAge: 0, secure: isSecureRequest(request) });
}

/** Only same-site paths may be redirected to after sign-in. */
export function safeRedirect(to: unknown, fallback = "/admin"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
