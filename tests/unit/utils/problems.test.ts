import { describe, expect, it } from "vitest";
import { z } from "zod";
import { getT } from "~/i18n/i18n.server";
import { fieldErrors, problemsFromZod, translateProblems, validate } from "~/utils/problems";

describe("problems", () => {
  const schema = z.strictObject({
    name: z.string().min(1).max(5),
    kind: z.enum(["a", "b"]),
    tags: z.array(z.string()).max(1),
  });

  it("turns zod issues into language-free problems", () => {
    const r = schema.safeParse({ name: "toolong", kind: "c", tags: ["x", "y"], extra: true });
    expect(r.success).toBe(false);
    expect(problemsFromZod(r.error!.issues)).toEqual(
      expect.arrayContaining([
        { field: "name", code: "too_long", params: { max: 5 } },
        { field: "kind", code: "invalid_option", params: { options: "a, b" } },
        { field: "tags", code: "too_many", params: { max: 1 } },
        { field: "extra", code: "unknown_field" },
      ])
    );
  });

  it("translates with the field named, in either language", () => {
    const problems = [{ field: "name", code: "too_long", params: { max: 5 } }];
    expect(translateProblems(problems, getT("vi"))[0].message).toBe("Trường «name»: Dài quá 5 ký tự.");
    expect(translateProblems(problems, getT("en"))[0].message).toBe("Field “name”: Longer than 5 characters.");
    expect(fieldErrors(problems, getT("vi"))).toEqual({ name: "Dài quá 5 ký tự." });
  });

  it("tells a missing value (required) from a wrong one", () => {
    const missing = validate(schema, {});
    expect(!missing.ok && missing.problems.map((p) => p.code)).toEqual(["required", "required", "required"]);
    const wrong = validate(schema, { name: 5, kind: "a", tags: [] });
    expect(!wrong.ok && wrong.problems).toEqual([
      { field: "name", code: "invalid_type", params: { expected: "string" } },
    ]);
    expect(translateProblems(!wrong.ok ? wrong.problems : [], getT("vi"))[0].message).toBe(
      "Trường «name»: Sai kiểu dữ liệu (cần chuỗi ký tự)."
    );
  });
});
