import { type Artifact, isInstallable } from "./artifact";
import { type Platform, PLATFORMS } from "./platform";

// A release need not carry every platform: a Windows-only hotfix 1.2.4 promoted over a 1.2.3 that
// had Linux and macOS files must not leave Linux and macOS clients with nothing. Per platform, a
// client gets the newest release of the channel's settled history that has a file it can use,
// never newer than the release the rollout gives it, and never one the channel was rolled back
// away from (the settled history leaves those out). The update API, the feeds, the console and
// the install pages all decide by these rules.

/** How far back a platform is looked for: older releases than this are not worth offering. */
export const MAX_FALLBACK_RELEASES = 50;

/** The releases a client given `releaseId` may fall back to, newest first, from the channel's settled history (oldest first). */
export function fallbackCandidates(settled: readonly string[], releaseId: string): string[] {
  const position = settled.lastIndexOf(releaseId);
  const older = position >= 0 ? settled.slice(0, position) : settled;
  return [...older].reverse().slice(0, MAX_FALLBACK_RELEASES);
}

/** Whether these files offer `platform` to a client: an installable file of it. */
export function offersPlatform(artifacts: readonly Pick<Artifact, "platform" | "validationStatus">[], platform: Platform): boolean {
  return artifacts.some((a) => a.platform === platform && isInstallable(a));
}

/**
 * For each platform `shown` does not offer, the first of `candidates` (newest first) that does:
 * which older release serves it. Platforms no candidate offers are left out.
 */
export function platformFallbackPlan(
  shown: readonly Pick<Artifact, "platform" | "validationStatus">[],
  candidates: readonly string[],
  filesOf: (releaseId: string) => readonly Pick<Artifact, "platform" | "validationStatus">[],
): Map<Platform, string> {
  const plan = new Map<Platform, string>();
  for (const platform of PLATFORMS) {
    if (offersPlatform(shown, platform)) continue;
    const from = candidates.find((id) => offersPlatform(filesOf(id), platform));
    if (from !== undefined) plan.set(platform, from);
  }
  return plan;
}
