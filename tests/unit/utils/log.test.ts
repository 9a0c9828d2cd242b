import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "~/utils/log.server";

/** A logger writing into an array of parsed lines, on a clock the test moves. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  let now = Date.parse("2026-12-04T03:00:00Z");
  const log = createLogger("info", { destination: out, now: () => now });
  return { log, lines, advance: (ms: number) => (now += ms) };
}

describe("the log", () => {
  it("keeps a few of many identical errors, then says how many it left out", () => {
    const { log, lines, advance } = capture();
    for (let i = 0; i < 3000; i++)
      log.error({ err: new Error("database is locked"), path: `/p/${i}` }, "request failed");
    expect(lines.length).toBeLessThanOrEqual(10);
    expect(lines.every((l) => l.msg === "request failed")).toBe(true);
    // Other errors are not held back by these.
    log.error({ err: new Error("disk full") }, "request failed");
    log.warn({ path: "/x" }, "cross-origin request refused");
    expect(lines.slice(-2).map((l) => l.msg)).toEqual(["request failed", "cross-origin request refused"]);
    // A minute later the same error is logged again, after a line counting those left out.
    advance(61_000);
    log.error({ err: new Error("database is locked") }, "request failed");
    const summary = lines.at(-2)!;
    // 10 of the 3,000 were written.
    expect(summary).toMatchObject({ level: 50, msg: "request failed", repeated: 2990 });
    expect(summary.err).toBeUndefined();
    expect(lines.at(-1)).toMatchObject({ msg: "request failed", err: { message: "database is locked" } });
  });

  it("rate-limits repeated lines at every level, and lets different messages through", () => {
    const { log, lines } = capture();
    for (let i = 0; i < 500; i++) log.info({ path: "/login", received: i }, "client went away during the upload");
    const kept = lines.length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(10);
    log.info({ signal: "SIGTERM" }, "shutting down");
    expect(lines.at(-1)).toMatchObject({ msg: "shutting down" });
  });
});
