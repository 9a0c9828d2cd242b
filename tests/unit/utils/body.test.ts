import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { BodyTooLargeError, ClientGoneError, readBody, readFormData } from "~/utils/body.server";

/** A body arriving in `chunks` pieces of `size` bytes; counts what was pulled from it. */
function arriving(chunks: number, size: number) {
  const pulled = { chunks: 0 };
  const stream = new Readable({
    read() {
      if (pulled.chunks === chunks) return this.push(null);
      pulled.chunks++;
      this.push(Buffer.alloc(size, "a"));
    },
  });
  return { stream, pulled };
}

describe("readBody", () => {
  it("reads a body within its limit whole", async () => {
    const { stream } = arriving(4, 1000);
    expect((await readBody(stream, 4000)).length).toBe(4000);
  });

  it("stops reading as soon as the body passes its limit, without a declared length", async () => {
    const { stream, pulled } = arriving(10_000, 1024);
    await expect(readBody(stream, 64 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    // A few chunks past the limit are read ahead by the stream, not the 10 MB it would send.
    expect(pulled.chunks).toBeLessThan(100);
  });

  it("refuses a declared length past its limit before reading a byte", async () => {
    const { stream, pulled } = arriving(10, 10);
    const request = Object.assign(stream, { headers: { "content-length": String(10 * 1024 * 1024) } });
    await expect(readBody(request, 64 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(pulled.chunks).toBe(0);
  });

  it("says when the client went away", async () => {
    const stream = new Readable({ read() {} });
    stream.push(Buffer.from("username=a"));
    const reading = readBody(stream, 1024);
    stream.destroy();
    await expect(reading).rejects.toBeInstanceOf(ClientGoneError);
    await expect(readBody(stream, 1024)).rejects.toBeInstanceOf(ClientGoneError);
  });
});

describe("readFormData", () => {
  const post = (body: string, type = "application/x-www-form-urlencoded") =>
    new Request("http://localhost/login", { method: "POST", headers: { "content-type": type }, body });

  it("parses a form within its limit", async () => {
    const form = await readFormData(post("username=can.bo&password=x"), 1024);
    expect(form.get("username")).toBe("can.bo");
  });

  it("answers 413 past the limit and 400 for a body that is not a form", async () => {
    await expect(readFormData(post(`username=${"a".repeat(2000)}`), 1024)).rejects.toMatchObject({
      init: { status: 413 },
    });
    await expect(readFormData(post("--x\r\nbroken", "multipart/form-data; boundary=nope"), 1024)).rejects.toMatchObject(
      { init: { status: 400 } }
    );
  });
});
