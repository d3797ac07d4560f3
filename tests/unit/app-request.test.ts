// What the REST API takes as an app: strict bodies (unknown fields refused, naming them) and display
// names that show every character they hold.
import { describe, expect, it } from "vitest";
import { createAppInputSchema, createAppRequestSchema, displayNameSchema, updateAppRequestSchema } from "@/domain/app";
import { hiddenCharacterProblem } from "@/domain/visible-text";

const messages = (result: { error?: { issues: { message: string }[] } }) => (result.error?.issues ?? []).map((i) => i.message);

describe("createAppRequestSchema", () => {
  it("takes what createApp takes, with the same defaults", () => {
    expect(createAppRequestSchema.parse({ slug: "hello", displayName: "Hello" })).toEqual({ slug: "hello", displayName: "Hello", bundleIds: {}, visibility: "private" });
  });

  it("refuses unknown fields, naming them and cutting long names short", () => {
    const result = createAppRequestSchema.safeParse({ slug: "hello", displayName: "Hello", displayname: "x", [`k${"x".repeat(500)}`]: 1 });
    const [message] = messages(result);
    expect(message).toContain('unknown fields "displayname", "kxxx');
    expect(message?.length).toBeLessThan(120);
    // The tRPC input (the console's forms) keeps dropping them, as before.
    expect(createAppInputSchema.safeParse({ slug: "hello", displayName: "Hello", displayname: "x" }).success).toBe(true);
  });

  it.each([
    [{ slug: "api", displayName: "A" }, 'slug "api" is reserved'],
    [{ slug: "Hello", displayName: "A" }, "lowercase letters"],
    [{ slug: 42, displayName: "A" }, "slug must be a string"],
    [{ slug: "x".repeat(10_000), displayName: "A" }, "at most 64 characters"],
    [{ slug: "hello", displayName: ["A"] }, "display name must be a string"],
    [{ slug: "hello", displayName: "A", bundleIds: "com.x" }, "expected record"],
    [{ slug: "hello", displayName: "A", bundleIds: { symbian: "com.x" } }, 'unknown platform "symbian"'],
    [{ slug: "hello", displayName: "A", visibility: null }, "visibility null must be one of"],
  ])("refuses %j", (body, message) => {
    expect(messages(createAppRequestSchema.safeParse(body)).join("; ")).toContain(message);
  });
});

describe("updateAppRequestSchema", () => {
  it("says a slug cannot be changed rather than ignoring it", () => {
    expect(messages(updateAppRequestSchema.safeParse({ slug: "other", displayName: "A" }))).toEqual(['unknown field "slug" (an app\'s slug cannot be changed: it is in every install link)']);
  });

  it("needs something to change", () => {
    expect(messages(updateAppRequestSchema.safeParse({}))).toEqual(["nothing to update"]);
    expect(updateAppRequestSchema.parse({ visibility: "public" })).toEqual({ visibility: "public" });
  });
});

describe("display names", () => {
  it.each([
    ["Hello\u0007", "control characters (found U+0007)"],
    ["Hello\u0085", "control characters (found U+0085)"],
    ["Bank\u202Eppa", "bidirectional control characters (found U+202E)"],
    ["Pay\u200Bpal", "invisible formatting characters (found U+200B)"],
    ["Two\u2028lines", "line or paragraph separators (found U+2028)"],
    ["Bad\uD800", "lone surrogate U+D800"],
  ])("refuses %j", (name, message) => {
    expect(messages(displayNameSchema.safeParse(name)).join()).toContain(`display name must ${message.startsWith("lone") ? "be valid Unicode (found a " : "not contain "}${message}`);
  });

  it("accepts names in any script, with the joiners emoji and scripts need", () => {
    for (const name of ["Hello", "Привет", "مرحبا", "क्\u200dष", "\u{1F468}\u200d\u{1F469}\u200d\u{1F467} Family"]) {
      expect(displayNameSchema.safeParse(name).success, name).toBe(true);
    }
  });

  it("is the same check file names get, with the harm named per kind of text", () => {
    expect(hiddenCharacterProblem("a\u202Eb", "title", "it lies")).toBe("title must not contain bidirectional control characters (found U+202E): it lies");
    expect(hiddenCharacterProblem("plain", "title", "it lies")).toBeNull();
  });
});
