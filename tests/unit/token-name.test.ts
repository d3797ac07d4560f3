import { describe, expect, it } from "vitest";
import { createTokenInputSchema, tokenNameSchema } from "@/domain/token";

const problems = (name: string) => {
  const result = tokenNameSchema.safeParse(name);
  return result.success ? [] : result.error.issues.map((i) => i.message);
};

describe("token names", () => {
  it("are trimmed and kept as typed, any script included", () => {
    expect(tokenNameSchema.parse("  GitHub Actions beta ")).toBe("GitHub Actions beta");
    expect(tokenNameSchema.parse("CI für Android 🚀")).toBe("CI für Android 🚀");
  });

  it("refuse control, bidi and invisible characters, naming the first", () => {
    expect(problems("ci\u0007bell")).toEqual(["token name must not contain control characters (found U+0007)"]);
    expect(problems("ci\nnext line")).toEqual(["token name must not contain control characters (found U+000A)"]);
    expect(problems("prod\u202Eved")[0]).toMatch(/bidirectional control characters \(found U\+202E\)/);
    expect(problems("ad\u200Bmin")[0]).toMatch(/invisible formatting characters/);
  });

  it("refuse a 2,000-character name with control characters in words a form can show", () => {
    const result = createTokenInputSchema.safeParse({ name: `${"A".repeat(1000)}\u0000\u001b[2J${"B".repeat(1000)}`, scopes: ["apps:read"] });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.filter((i) => i.path[0] === "name").map((i) => i.message) ?? [];
    expect(messages[0]).toBe("token name must be at most 64 characters");
  });
});
