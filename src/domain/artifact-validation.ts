import type { App } from "./app";
import type { ValidationStatus } from "./artifact";
import type { ChannelPolicy } from "./channel";
import type { FeedDigests } from "./feeds/digests";
import type { Platform } from "./platform";
import { readMetadata } from "./metadata-reader";
import { compareBuilds } from "./version";

/** Platforms whose files carry an app identity an upload can be checked against. */
const IDENTIFIED_PLATFORMS: ReadonlySet<Platform> = new Set(["ios", "android_apk"]);

/** What inspection read from a file (src/server/inspect), before it is judged against a release. */
export interface InspectionFacts {
  kind: string;
  status: "valid" | "invalid";
  reasons: string[];
  warnings: string[];
  metadata: Record<string, unknown>;
  /** Whole-file digests the platform's update feeds need (see feeds/digests.ts). */
  digests?: FeedDigests;
}

export interface ArtifactVerdict {
  status: ValidationStatus;
  reasons: string[];
  warnings: string[];
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined);

/** A build a file declares is compared with the release's only when it is a number like theirs. */
export const BUILD_NUMBER = /^\d+(\.\d+)*$/;

/**
 * Where a release's version and build differ from what a file declares, in the words the API
 * records ("version 1.2.4 (release: 1.2.3)"); the admin form warns with the same words before
 * publishing, when a field may still be empty or not a number.
 */
export function versionMismatches(declared: { version?: string; build?: string }, release: { version: string; build: string }): string[] {
  const mismatches: string[] = [];
  if (declared.version !== undefined && release.version !== "" && declared.version !== release.version) {
    mismatches.push(`version ${declared.version} (release: ${release.version})`);
  }
  if (declared.build !== undefined && BUILD_NUMBER.test(declared.build) && BUILD_NUMBER.test(release.build) && compareBuilds(declared.build, release.build) !== 0) {
    mismatches.push(`build ${declared.build} (release: ${release.build})`);
  }
  return mismatches;
}

/** The identity, version and build a file declares, by format. */
export function declaredIdentity(facts: Pick<InspectionFacts, "kind" | "metadata">): { bundleId?: string; version?: string; build?: string } {
  const m = readMetadata(facts.kind, facts.metadata);
  if (m.kind === "ipa") return { bundleId: str(m.bundleId), version: str(m.shortVersion), build: str(m.build) };
  if (m.kind === "apk") return { bundleId: str(m.packageName), version: str(m.versionName), build: str(m.versionCode) };
  return {};
}

/**
 * Judges an inspected file against the app and the release it is published in: bundle id must be
 * the app's registered one for the platform; a version/build that differs from the release is a
 * warning or a rejection by channel policy; App Store-signed builds and expired profiles cannot
 * be installed over the air.
 */
export function judgeArtifact(facts: InspectionFacts, context: { app: App; platform: Platform; version: string; build: string; policy: ChannelPolicy; now: Date }): ArtifactVerdict {
  const reasons = [...facts.reasons];
  const warnings = [...facts.warnings];
  if (facts.status === "invalid") return { status: "invalid", reasons, warnings };

  const declared = declaredIdentity(facts);
  const registered = context.app.bundleIds[context.platform];
  if (declared.bundleId && registered && declared.bundleId !== registered) {
    reasons.push(`bundle id ${declared.bundleId} does not match the app's registered ${context.platform} id ${registered}`);
  } else if (!registered && IDENTIFIED_PLATFORMS.has(context.platform)) {
    // Say what was not checked: the file's format was, its identity could not be.
    const declares = declared.bundleId ? `; the file declares ${declared.bundleId}` : "";
    warnings.push(`bundle id not checked: the app has no registered ${context.platform} bundle id${declares}. Register one in the app's settings so every upload is checked against it`);
  }

  const mismatches = versionMismatches(declared, context);
  if (mismatches.length > 0) {
    const message = `the file declares ${mismatches.join(" and ")}`;
    (context.policy.versionMismatch === "reject" ? reasons : warnings).push(message);
  }

  const read = readMetadata(facts.kind, facts.metadata);
  const provisioning = read.kind === "ipa" ? read.provisioning : undefined;
  if (provisioning?.type === "app-store") reasons.push("signed for the App Store: iOS will not install it over the air");
  if (provisioning?.expiresAt && new Date(provisioning.expiresAt) <= context.now) {
    reasons.push(`provisioning profile expired on ${provisioning.expiresAt.slice(0, 10)}`);
  }
  return { status: reasons.length > 0 ? "invalid" : "valid", reasons, warnings };
}
