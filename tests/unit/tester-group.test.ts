import { describe, expect, it } from "vitest";
import { channelsGiven, createTesterGroupInputSchema, testerEmailSchema, unknownChannels } from "@/domain/tester-group";

describe("tester groups", () => {
  it("takes a trimmed name and distinct, sorted channel names", () => {
    expect(createTesterGroupInputSchema.parse({ name: "  QA ", channels: ["internal", "beta", "beta"] })).toEqual({ name: "QA", channels: ["beta", "internal"] });
  });

  it.each([
    ["", "empty"],
    ["x".repeat(61), "too long"],
    ["QA\u202Egnp", "a bidi control"],
    ["Q\u0000A", "a control character"],
    ["Q\u200BA", "an invisible character"],
  ])("refuses the name %j (%s)", (name) => {
    expect(createTesterGroupInputSchema.safeParse({ name, channels: [] }).success).toBe(false);
  });

  it.each([["../stable"], ["Beta"], ["releases"], ["a b"], [""]])("refuses the channel %j", (channel) => {
    expect(createTesterGroupInputSchema.safeParse({ name: "QA", channels: [channel] }).success).toBe(false);
  });

  it("lowercases addresses and refuses what is not one", () => {
    expect(testerEmailSchema.parse(" Tess@Example.COM ")).toBe("tess@example.com");
    for (const bad of ["tess", "a@b@c", "tess@example.com\r\nBcc: x@y.z", `${"a".repeat(250)}@example.com`]) expect(testerEmailSchema.safeParse(bad).success).toBe(false);
  });

  it("names channels the app does not have", () => {
    expect(unknownChannels(["beta", "nightly"], ["stable", "beta", "internal"])).toEqual(["nightly"]);
  });

  it("gives the union of the groups' channels that exist", () => {
    expect(channelsGiven([{ channels: ["internal", "beta"] }, { channels: ["beta", "gone"] }], ["stable", "beta", "internal"])).toEqual(["beta", "internal"]);
    expect(channelsGiven([], ["stable"])).toEqual([]);
  });
});
