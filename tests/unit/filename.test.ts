// File names testers will see: every bidi control, control and invisible format character is
// refused with the character named; joiners that real scripts and emoji need are kept.
import { describe, expect, it } from "vitest";
import { filenameProblem, filenameSchema } from "@/domain/filename";

const BIDI = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c];

describe("filenameProblem", () => {
  it.each(BIDI)("names the bidi control U+%s", (cp) => {
    const problem = filenameProblem(`setup${String.fromCodePoint(cp)}kpa.exe`);
    expect(problem).toContain("bidirectional control characters");
    expect(problem).toContain(`U+${cp.toString(16).toUpperCase().padStart(4, "0")}`);
  });

  it("refuses every C0 and C1 control and DEL", () => {
    for (const cp of [...Array(0x20).keys(), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)]) {
      expect(filenameProblem(`a${String.fromCodePoint(cp)}.apk`), cp.toString(16)).toContain("control characters");
    }
  });

  it.each([
    ["a\u200b.apk", "invisible formatting characters (found U+200B)"],
    ["a\u00ad.apk", "invisible formatting characters (found U+00AD)"],
    ["a\u2060.apk", "invisible formatting characters (found U+2060)"],
    ["\ufeffa.apk", "invisible formatting characters (found U+FEFF)"],
    ["a\u2029.apk", "line or paragraph separators (found U+2029)"],
    ["a\udc00.apk", "lone surrogate U+DC00"],
    ["a/b.apk", "/ or \\"],
    ["..", ". or .."],
  ])("refuses %j", (name, reason) => {
    expect(filenameProblem(name)).toContain(reason);
  });

  it("accepts ordinary names in any script, with joiners", () => {
    for (const name of ["Hello 1.2 (42).ipa", "приложение.apk", "تطبيق.apk", "क्\u200dष.apk", "می\u200cخواهم.apk", "\u{1F468}\u200d\u{1F469}\u200d\u{1F467}.apk", "...hidden.dmg"]) {
      expect(filenameProblem(name), name).toBeNull();
    }
  });

  it("is what the schema enforces, alongside the length limits", () => {
    expect(filenameSchema.safeParse("ok.apk").success).toBe(true);
    expect(filenameSchema.safeParse("a".repeat(256)).error?.issues[0]?.message).toBe("filename must be at most 255 characters");
    expect(filenameSchema.safeParse("a\u202e.apk").error?.issues[0]?.message).toContain("U+202E");
  });
});
