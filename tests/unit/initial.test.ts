import { describe, expect, it } from "vitest";
import { initialOf } from "@/domain/initial";

describe("initialOf", () => {
  it("is the first letter, upper-cased", () => {
    expect(initialOf("hello Fixture")).toBe("H");
    expect(initialOf("  ørsted")).toBe("Ø");
    expect(initialOf("Яндекс")).toBe("Я");
  });

  it("keeps an emoji whole instead of cutting a surrogate pair", () => {
    const initial = initialOf("🚀 Rocket");
    expect(initial).toBe("🚀");
    // slice(0, 1) gave "\uD83D" alone.
    expect(initial).not.toMatch(/\p{Cs}/u);
    expect("🚀 Rocket".slice(0, 1)).toMatch(/\p{Cs}/u);
  });

  it("keeps flags, skin tones and joined emoji sequences whole", () => {
    expect(initialOf("🇫🇷 Bonjour")).toBe("🇫🇷");
    expect(initialOf("👍🏽 Thumbs")).toBe("👍🏽");
    expect(initialOf("👨‍👩‍👧 Family")).toBe("👨‍👩‍👧");
    expect(initialOf("❤️ Love")).toBe("❤️");
  });

  it("keeps combining marks with their letter", () => {
    expect(initialOf("e\u0301cole")).toBe("E\u0301");
    expect(initialOf("n\u0303andu")).toBe("N\u0303");
  });

  it("does not turn one letter into two", () => {
    expect(initialOf("ßeta")).toBe("ß");
  });

  it("is empty for an empty or blank name", () => {
    expect(initialOf("")).toBe("");
    expect(initialOf("   ")).toBe("");
  });
});
