import { describe, expect, it } from "vitest";
import { sortIssues } from "@/components/admin/field-issues";

const FIELDS = ["minimumSupportedBuild", "requiredPlatforms"] as const;

describe("sortIssues", () => {
  it("puts issues from the error formatter on the field their path names, whatever the nesting", () => {
    const error = Object.assign(new Error("Invalid"), {
      data: {
        domain: {
          code: "INVALID",
          issues: [
            { path: "patch.policy.minimumSupportedBuild", message: 'build "abc" must be a positive integer' },
            { path: "policy.requiredPlatforms.1", message: "unknown platform" },
            { path: "patch.policy.minimumSupportedBuild", message: "a second issue on the same field" },
            { path: "", message: "nothing to update" },
          ],
        },
      },
    });
    expect(sortIssues(error, FIELDS)).toEqual({
      byField: { minimumSupportedBuild: 'build "abc" must be a positive integer', requiredPlatforms: "unknown platform" },
      other: ["nothing to update"],
    });
  });

  it("matches a dotted field name as a whole, the longer one where two start at the same place", () => {
    const error = {
      data: {
        domain: {
          issues: [
            { path: "patch.bundleIds.ios", message: "bad ios id" },
            { path: "bundleIds", message: "not a map" },
            { path: "bundleIds.linux.x", message: "deep" },
          ],
        },
      },
    };
    expect(sortIssues(error, ["bundleIds", "bundleIds.ios"] as const)).toEqual({ byField: { "bundleIds.ios": "bad ios id", bundleIds: "not a map" }, other: [] });
    expect(sortIssues(error, ["bundleIds.ios", "bundleIds.android_apk"] as const)).toEqual({ byField: { "bundleIds.ios": "bad ios id" }, other: ["not a map", "deep"] });
  });

  it("reads tRPC's JSON list of zod issues from the message when the formatter added none", () => {
    const error = new Error(JSON.stringify([{ code: "custom", path: ["patch", "policy", "minimumSupportedBuild"], message: "build must be greater than zero" }]));
    expect(sortIssues(error, FIELDS)).toEqual({ byField: { minimumSupportedBuild: "build must be greater than zero" }, other: [] });
  });

  it("finds no issues in an error that carries none", () => {
    expect(sortIssues(new Error("channel not found: nightly"), FIELDS)).toEqual({ byField: {}, other: [] });
    expect(sortIssues(new Error("[not json"), FIELDS)).toEqual({ byField: {}, other: [] });
    expect(sortIssues(null, FIELDS)).toEqual({ byField: {}, other: [] });
  });
});
