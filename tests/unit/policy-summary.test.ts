import { describe, expect, it } from "vitest";
import { summarizePolicy } from "@/components/admin/policy-summary";
import { DEFAULT_CHANNEL_POLICY } from "@/domain/channel";

describe("summarizePolicy", () => {
  it("reads the default policy", () => {
    expect(summarizePolicy(DEFAULT_CHANNEL_POLICY)).toEqual(["validated files only", "mismatched versions warned", "any platform", "no forced updates"]);
  });

  it("names required platforms in a fixed order and the minimum build", () => {
    const policy = { requireValidArtifacts: false, versionMismatch: "reject" as const, requiredPlatforms: ["android_apk" as const, "ios" as const], minimumSupportedBuild: "40" };
    expect(summarizePolicy(policy)).toEqual(["files need not be validated", "mismatched versions refused", "needs iOS, Android", "updates forced below build 40"]);
  });
});
