import { createCookie } from "@remix-run/node";

/**
 * The kiosk's device credential: the bearer token in an httpOnly cookie that
 * page scripts cannot read. 400 days is the longest lifetime browsers keep;
 * the kiosk page renews it on every load.
 */
const deviceCookie = createCookie("hl_device", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  maxAge: 400 * 24 * 60 * 60,
});

export async function deviceTokenFromCookie(cookieHeader: string | null | undefined): Promise<string | null> {
  if (!cookieHeader || !cookieHeader.includes("hl_device=")) return null;
  const value = await deviceCookie.parse(cookieHeader);
  return typeof value === "string" ? value : null;
}

export function serializeDeviceCookie(token: string, secure: boolean): Promise<string> {
  return deviceCookie.serialize(token, { secure });
}

export function clearDeviceCookie(secure: boolean): Promise<string> {
  return deviceCookie.serialize("", { secure, maxAge: 0 });
}
