/**
 * Officials' sessions: a random secret in a signed, httpOnly, SameSite=Lax
 * cookie; the database keeps its sha256 with idle and absolute expiry, so a
 * session can be ended from the server (sign-out everywhere on a password change).
 */
import { type Cookie, createCookie, redirect } from "@remix-run/node";
import { deleteSession, findSessionUser, insertSession, touchSession } from "~db/repositories/sessions";
import type { Role } from "~db/schema";
import type { AppContext } from "~/context";
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

/** True when a Cookie header carries a session cookie (signed in, or believing so). */
export function carriesSessionCookie(header: string | null | undefined): boolean {
  return header?.includes("hl_session=") ?? false;
}

async function sessionSecretFrom(app: AppContext, request: Request): Promise<string | null> {
  const header = request.headers.get("cookie");
  if (!carriesSessionCookie(header)) return null;
  const value = await sessionCookie(app.config.sessionSecret).parse(header);
  return typeof value === "string" ? value : null;
}

/** Starts a session; returns the Set-Cookie header value. */
export async function startSession(app: AppContext, userId: number, request: Request): Promise<string> {
  const secret = randomToken(32);
  const now = app.now();
  await insertSession(app.db, {
    id: sha256Hex(secret),
    userId,
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_MAX_MS).toISOString(),
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

/** Any origin will do: safeRedirect only asks whether a value resolves onto it. */
const OWN_ORIGIN = "http://hailong.invalid";
const MAX_REDIRECT_LENGTH = 2048;

/**
 * Where sign-in may send the browser next: only a path of the app itself.
 * The value must be printable ASCII starting with a single `/` (browsers
 * drop tabs and newlines and read `\` as `/`, so `/\t/evil.example` is
 * `//evil.example` to them; a newline would break the Location header), its
 * path must not turn into `//` or `/\` or hold a control character or `\`
 * when percent-decoded (up to three times: double-encoded forms), and it must
 * resolve with `new URL` onto our own origin to a path that starts with a
 * single `/`. Anything else goes to `fallback`. The answer is the resolved
 * path, query and fragment (always valid in a Location header).
 */
export function safeRedirect(to: unknown, fallback = "/admin"): string {
  if (typeof to !== "string" || to.length > MAX_REDIRECT_LENGTH) return fallback;
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(to)) return fallback;
  let path = to.split(/[?#]/, 1)[0];
  for (let round = 0; round < 3; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return fallback;
    }
    if (decoded === path) break;
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
    if (/^\/[/\\]|[\\\x00-\x1f\x7f]/.test(decoded)) return fallback;
    path = decoded;
  }
  const url = new URL(to, OWN_ORIGIN);
  if (url.origin !== OWN_ORIGIN) return fallback;
  const local = `${url.pathname}${url.search}${url.hash}`;
  return local.startsWith("//") ? fallback : local;
}
