import { describe, expect, it } from "vitest";
import { insertUser } from "~db/repositories/users";
import { loginAction } from "~/auth/login-form.server";
import { hashPassword } from "~/auth/password.server";
import { useTestApp } from "../../helpers/app";
import { databaseFactories } from "../../helpers/databases";

const FAILED = "Tên đăng nhập hoặc mật khẩu không đúng.";

describe.each(databaseFactories())("sign-in throttling on $dialect", (factory) => {
  const testApp = useTestApp(factory, async (app) => {
    const at = app.now().toISOString();
    for (const username of ["can.bo", "can.bo2"]) {
      await insertUser(app.db, {
        username,
        passwordHash: await hashPassword("dung-mat-khau"),
        role: "viewer",
        unitId: null,
        createdAt: at,
        passwordChangedAt: at,
      });
    }
  });

  async function attempt(username: string, password: string, ip: string) {
    const request = new Request("http://localhost/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username, password }),
    });
    try {
      return await loginAction(testApp(), request, ip);
    } catch (error) {
      if (error instanceof Response) return { status: error.status, error: null, username };
      throw error;
    }
  }

  it("says the same for an unknown user and a wrong password; 5 failures make that address wait for that username, not its owner elsewhere", async () => {
    expect(await attempt("khong.co", "sai-mat-khau", "10.0.0.1")).toMatchObject({ status: 400, error: FAILED });
    expect(await attempt("can.bo", "sai-mat-khau", "10.0.0.1")).toMatchObject({ status: 400, error: FAILED });
    for (let i = 0; i < 4; i++) expect((await attempt("can.bo", "sai-mat-khau", "10.0.0.1")).status).toBe(400);
    // Five failures for this username from this address: even the right password now waits there…
    const blocked = await attempt("CAN.BO", "dung-mat-khau", "10.0.0.1");
    expect(blocked.status).toBe(429);
    expect(blocked.error).toBe("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.");
    // …but the owner signs in from another address, and the address may still sign in as someone else.
    expect((await attempt("can.bo", "dung-mat-khau", "10.0.2.1")).status).toBe(302);
    expect((await attempt("can.bo2", "dung-mat-khau", "10.0.0.1")).status).toBe(302);
    // Fifteen minutes later the address may try again.
    testApp().setNow(new Date(testApp().now().getTime() + 15 * 60 * 1000 + 1));
    expect((await attempt("can.bo", "dung-mat-khau", "10.0.0.1")).status).toBe(302);
  });

  it("clears an address's count for a username when it signs in", async () => {
    for (let i = 0; i < 4; i++) expect((await attempt("can.bo", "go-nham", "10.0.3.1")).status).toBe(400);
    expect((await attempt("can.bo", "dung-mat-khau", "10.0.3.1")).status).toBe(302);
    for (let i = 0; i < 4; i++) expect((await attempt("can.bo", "go-nham", "10.0.3.1")).status).toBe(400);
    expect((await attempt("can.bo", "dung-mat-khau", "10.0.3.1")).status).toBe(302);
  });

  it("makes an address wait after 20 failures, whatever usernames it tries", async () => {
    for (let i = 1; i <= 20; i++) {
      expect((await attempt(`a${i}`, "sai-mat-khau", "10.9.9.9")).status).toBe(400);
    }
    expect((await attempt("can.bo2", "dung-mat-khau", "10.9.9.9")).status).toBe(429);
    expect((await attempt("can.bo2", "dung-mat-khau", "10.9.9.8")).status).toBe(302);
  });
});
