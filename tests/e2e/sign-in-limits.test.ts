/**
 * The sign-in limits against the built server, under concurrency: bursts of
 * wrong passwords from one address, and an attacker failing from many
 * addresses while the owner signs in from another (README «Security»).
 */
import { describe, expect, it } from "vitest";
import { postFrom, loopback, statusCounts } from "../helpers/addresses";
import { createAccount, signIn } from "../helpers/officials";
import { useServer } from "../helpers/server";

/** README «Security»: failures per username and address before it waits. */
const LIMIT = 5;
const BURST = 1000;
const THROTTLED = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.";
const FAILED = "Tên đăng nhập hoặc mật khẩu không đúng.";
const BUSY = "Hệ thống đang nhận quá nhiều lượt đăng nhập cùng lúc. Vui lòng thử lại sau ít giây.";

describe("sign-in limits under concurrency", () => {
  const running = useServer();
  const password = "mat-khau-dung-01";

  it(`checks at most ${LIMIT} of ${BURST} wrong passwords sent at once from one address; the right one after them waits`, async () => {
    const { server, database } = running;
    await createAccount(database.url, { username: "bi.don.dap", role: "viewer", unit: "991", password });
    const from = loopback(1);
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        postFrom(server.url, "/login", { username: "bi.don.dap", password: `sai-mat-khau-${i}` }, { from })
      )
    );
    const counts = statusCounts(answers);
    expect(Object.keys(counts).sort()).toEqual(["400", "429"]);
    expect(counts[400]).toBeLessThanOrEqual(LIMIT);
    expect(counts[400] + counts[429]).toBe(BURST);
    for (const a of answers) expect(a.text).toContain(a.status === 400 ? FAILED : THROTTLED);

    // Refusals say how long to wait, in seconds (at most the 15-minute window).
    for (const a of answers.filter((a) => a.status === 429)) {
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
      expect(Number(a.retryAfter)).toBeLessThanOrEqual(15 * 60);
    }

    const right = await postFrom(server.url, "/login", { username: "bi.don.dap", password }, { from });
    expect(right.status).toBe(429);
    expect(right.text).toContain(THROTTLED);
    expect(Number(right.retryAfter)).toBeGreaterThan(14 * 60);
    // A way back to the sign-in page, keeping where the official was going; in their language.
    const english = await postFrom(
      server.url,
      "/login?lng=en&redirectTo=%2Freports",
      { username: "bi.don.dap", password },
      { from }
    );
    expect(english.status).toBe(429);
    expect(english.text).toContain("Too many failed sign-ins. Please try again in 15 minutes.");
    expect(english.text).toContain('href="/login?lng=en&amp;redirectTo=%2Freports"');
  });

  it(`checks at most ${LIMIT} of ${BURST} wrong current passwords sent at once on the account page; the right one after them waits`, async () => {
    const { server, database } = running;
    await createAccount(database.url, { username: "tai.khoan.bi.chiem", role: "manager", unit: "991", password });
    const cookie = await signIn(server.url, "tai.khoan.bi.chiem", password);
    const from = loopback(2);
    const change = (current: string) =>
      postFrom(
        server.url,
        "/admin/account",
        { intent: "password", current, password: "mat-khau-moi-01", confirm: "mat-khau-moi-01" },
        { from, cookie }
      );
    const answers = await Promise.all(Array.from({ length: BURST }, (_, i) => change(`sai-mat-khau-${i}`)));
    const counts = statusCounts(answers);
    expect(Object.keys(counts).sort()).toEqual(["400", "429"]);
    expect(counts[400]).toBeLessThanOrEqual(LIMIT);
    expect(counts[400] + counts[429]).toBe(BURST);
    for (const a of answers) {
      expect(a.text).toContain(
        a.status === 400 ? "Mật khẩu hiện tại không đúng." : "Nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."
      );
    }

    const right = await change(password);
    expect(right.status).toBe(429);
    // The password did not change: it still signs in (from an address with no failures).
    expect(
      (await postFrom(server.url, "/login", { username: "tai.khoan.bi.chiem", password }, { from: loopback(3) })).status
    ).toBe(302);
  });

  it("lets the owner sign in from a clean address while an attacker fails from others, who still get no more than the limit", async () => {
    const { server, database } = running;
    await createAccount(database.url, { username: "chu.tai.khoan", role: "manager", unit: "991", password });
    const attackers = Array.from({ length: 10 }, (_, i) => loopback(10 + i));
    const checkedFrom = new Map(attackers.map((from) => [from, 0]));
    const attack = async (round: number) => {
      const answers = await Promise.all(
        attackers.flatMap((from) =>
          Array.from({ length: 20 }, (_, i) =>
            postFrom(
              server.url,
              "/login",
              { username: "chu.tai.khoan", password: `doan-${round}-${i}` },
              { from }
            ).then((answer) => ({ from, answer }))
          )
        )
      );
      // Checked (400), or refused without a check: this address waits (429), or the server is busy (503).
      expect(answers.filter(({ answer }) => ![400, 429, 503].includes(answer.status))).toEqual([]);
      for (const { answer } of answers.filter(({ answer }) => answer.status === 503)) {
        expect(answer.retryAfter).toBe("5");
        expect(answer.text).toContain(BUSY);
      }
      for (const { from, answer } of answers)
        if (answer.status === 400) checkedFrom.set(from, checkedFrom.get(from)! + 1);
    };

    await attack(1);
    const owner = await postFrom(server.url, "/login", { username: "chu.tai.khoan", password }, { from: loopback(2) });
    expect(owner.status, owner.text.slice(0, 300)).toBe(302);
    await attack(2);

    // No attacking address had more than LIMIT of its guesses checked…
    for (const [from, checked] of checkedFrom) expect(checked, from).toBeLessThanOrEqual(LIMIT);
    // …and one that used them up waits, even with the right password.
    const exhausted = [...checkedFrom].find(([, checked]) => checked === LIMIT)?.[0];
    expect(exhausted).toBeDefined();
    const locked = await postFrom(server.url, "/login", { username: "chu.tai.khoan", password }, { from: exhausted! });
    expect(locked.status).toBe(429);
    expect(locked.text).toContain(THROTTLED);
  });
});
