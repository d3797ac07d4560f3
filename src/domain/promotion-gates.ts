import type { Artifact } from "./artifact";
import type { Channel } from "./channel";
import type { Release } from "./release";
import { formatRelease } from "./release-label";
import { compareBuilds } from "./version";

export type PromotionMode = "promote" | "rollback";

export interface GateFailure {
  gate: string;
  message: string;
}

export interface PromotionCandidate {
  channel: Channel;
  release: Release;
  artifacts: Artifact[];
  currentRelease: Release | null;
  /** A rollback may move to an older build; a promotion must move forward. */
  mode: PromotionMode;
}

/**
 * Every gate a release must pass to become a channel's current release. Returns all failures (not
 * only the first) so an admin can fix everything at once; an empty list means the move is allowed.
 */
export function evaluatePromotionGates(candidate: PromotionCandidate): GateFailure[] {
  const { channel, release, artifacts, currentRelease, mode } = candidate;
  const failures: GateFailure[] = [];

  if (release.appId !== channel.appId) {
    failures.push({ gate: "same-app", message: `release ${release.id} belongs to another app` });
    return failures;
  }
  if (channel.currentReleaseId === release.id) {
    failures.push({ gate: "not-current", message: `${formatRelease(release)} is already current on ${channel.name}` });
  }
  if (artifacts.length === 0) {
    failures.push({ gate: "has-artifacts", message: "the release has no artifacts" });
  }
  if (channel.policy.requireValidArtifacts) {
    const notValid = artifacts.filter((a) => a.validationStatus !== "valid");
    if (notValid.length > 0) {
      const list = notValid.map((a) => `${a.filename} (${a.validationStatus})`).join(", ");
      failures.push({ gate: "artifacts-valid", message: `artifacts not valid: ${list}` });
    }
  }
  const platforms = new Set(artifacts.map((a) => a.platform));
  const missing = channel.policy.requiredPlatforms.filter((p) => !platforms.has(p));
  if (missing.length > 0) {
    failures.push({ gate: "required-platforms", message: `missing required platforms: ${missing.join(", ")}` });
  }
  if (mode === "promote" && currentRelease && compareBuilds(release.build, currentRelease.build) <= 0) {
    failures.push({
      gate: "build-increases",
      message: `build ${release.build} is not greater than the current build ${currentRelease.build} on ${channel.name}; roll back explicitly to move backwards`,
    });
  }
  return failures;
}
