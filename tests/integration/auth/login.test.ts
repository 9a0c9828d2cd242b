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
        password_hash: await hashPassword("dung-mat-khau"),
        role: "viewer",
        unit_id: null,
        created_at: at,
        password_changed_at: at,
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

  it("says the same for an unknown user and a wrong password, then makes a username wait after 5 failures", async () => {
    expect(await attempt("khong.co", "sai-mat-khau", "10.0.0.1")).toMatchObject({ status: 400, error: FAILED });
    expect(await attempt("can.bo", "sai-mat-khau", "10.0.0.1")).toMatchObject({ status: 400, error: FAILED });
    for (let i = 0; i < 4; i++) await attempt("can.bo", "sai-mat-khau", `10.0.1.${i}`);
    // Five failures for this username, from several addresses: even the right password now waits.
    const blocked = await attempt("CAN.BO", "dung-mat-khau", "10.0.2.1");
    expect(blocked.status).toBe(429);
    expect(blocked.error).toBe("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.");
    // Other users are not held back.
    expect((await attempt("can.bo2", "dung-mat-khau", "10.0.2.1")).status).toBe(302);
    // Fifteen minutes later the user may try again.
    testApp().setNow(new Date(testApp().now().getTime() + 15 * 60 * 1000 + 1));
    expect((await attempt("can.bo", "dung-mat-khau", "10.0.2.1")).status).toBe(302);
  });

  it("makes an address wait after 5 failures, whatever usernames it tries", async () => {
    for (const name of ["a1", "a2", "a3", "a4", "a5"]) {
      expect((await attempt(name, "sai-mat-khau", "10.9.9.9")).status).toBe(400);
    }
    expect((await attempt("can.bo2", "dung-mat-khau", "10.9.9.9")).status).toBe(429);
    expect((await attempt("can.bo2", "dung-mat-khau", "10.9.9.8")).status).toBe(302);
  });
});
