import type { App } from "./app";
import type { ValidationStatus } from "./artifact";
import type { ChannelPolicy } from "./channel";
import type { FeedDigests } from "./feeds/digests";
import type { Platform } from "./platform";
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

/** The identity, version and build a file declares, by format. */
export function declaredIdentity(facts: InspectionFacts): { bundleId?: string; version?: string; build?: string } {
  const m = facts.metadata;
  if (facts.kind === "ipa") return { bundleId: str(m.bundleId), version: str(m.shortVersion), build: str(m.build) };
  if (facts.kind === "apk") return { bundleId: str(m.packageName), version: str(m.versionName), build: str(m.versionCode) };
  return {};
}

/**
 * Judges an inspected file against the app and the release it is published in: bundle id must be
 * the app's registered one for the platform; a version/build that differs from the release is a
 * warning or a rejection by channel policy; App Store-signed builds and expired profiles cannot
 * be installed over the air.
 */
export function judgeArtifact(
  facts: InspectionFacts,
  context: { app: App; platform: Platform; version: string; build: string; policy: ChannelPolicy; now: Date },
): ArtifactVerdict {
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

  const mismatches: string[] = [];
  if (declared.version && declared.version !== context.version) mismatches.push(`version ${declared.version} (release: ${context.version})`);
  if (declared.build && /^\d+(\.\d+)*$/.test(declared.build) && compareBuilds(declared.build, context.build) !== 0) {
    mismatches.push(`build ${declared.build} (release: ${context.build})`);
  }
  if (mismatches.length > 0) {
    const message = `the file declares ${mismatches.join(" and ")}`;
    (context.policy.versionMismatch === "reject" ? reasons : warnings).push(message);
  }

  const provisioning = facts.metadata.provisioning as { type?: string; expiresAt?: string } | undefined;
  if (provisioning?.type === "app-store") reasons.push("signed for the App Store: iOS will not install it over the air");
  if (provisioning?.expiresAt && new Date(provisioning.expiresAt) <= context.now) {
    reasons.push(`provisioning profile expired on ${provisioning.expiresAt.slice(0, 10)}`);
  }
  return { status: reasons.length > 0 ? "invalid" : "valid", reasons, warnings };
}
