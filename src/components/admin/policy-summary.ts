import type { ChannelPolicy } from "@/domain/channel";
import { PLATFORMS } from "@/domain/platform";
import { PLATFORM_LABELS } from "../install/labels";

/** A channel's gates and update policy in a few words, for the line an admin reads before opening the editor. */
export function summarizePolicy(policy: Pick<ChannelPolicy, "requireValidArtifacts" | "versionMismatch" | "requiredPlatforms" | "minimumSupportedBuild">): string[] {
  const required = PLATFORMS.filter((p) => policy.requiredPlatforms.includes(p)).map((p) => PLATFORM_LABELS[p]);
  return [
    policy.requireValidArtifacts ? "validated files only" : "files need not be validated",
    policy.versionMismatch === "reject" ? "mismatched versions refused" : "mismatched versions warned",
    required.length === 0 ? "any platform" : `needs ${required.join(", ")}`,
    policy.minimumSupportedBuild === null ? "no forced updates" : `updates forced below build ${policy.minimumSupportedBuild}`,
  ];
}
