import { z } from "zod";

// Which releases retention deletes. Each channel keeps releases by age and/or count; a release is
// judged by every channel it was published to or has been on, and goes only when all of them
// would let it go, so a beta build promoted to stable lives as long as stable keeps builds. A
// release a channel points at (current, or the fallback of a rollout and target of a rollback) is
// never deleted.

export const retentionPolicySchema = z
  .object({
    /** Releases older than this many days go; null: no age limit. */
    maxAgeDays: z.number().int("max age must be whole days").min(1, "max age must be at least 1 day").max(36_500).nullable(),
    /** Only the newest this many releases stay; null: no count limit. */
    maxReleases: z.number().int("max releases must be a whole number").min(1, "keep at least 1 release").max(100_000).nullable(),
  })
  .strict();
export type RetentionPolicy = z.output<typeof retentionPolicySchema>;

export const KEEP_EVERYTHING: RetentionPolicy = { maxAgeDays: null, maxReleases: null };

/** What a channel keeps unless its policy says otherwise: stable everything, test builds a while. */
export function defaultRetention(channelName: string): RetentionPolicy {
  if (channelName === "stable") return KEEP_EVERYTHING;
  if (channelName === "internal") return { maxAgeDays: 30, maxReleases: null };
  return { maxAgeDays: 90, maxReleases: null };
}

export interface RetentionRelease {
  id: string;
  /** The channel it was published to. */
  channel: string;
  createdAt: Date;
}

export interface RetentionChannel {
  name: string;
  /** null: the default for the channel's name. */
  retention: RetentionPolicy | null;
  currentReleaseId: string | null;
  previousReleaseId: string | null;
  /** Every release this channel has pointed at (its promotion and rollback history). */
  historyReleaseIds: readonly string[];
}

export interface ExpiredRelease {
  releaseId: string;
  /** Per channel that held it, why that channel lets it go, e.g. "beta: older than 90 days". */
  reasons: string[];
}

const DAY_MS = 86_400_000;

export function effectiveRetention(channel: Pick<RetentionChannel, "name" | "retention">): RetentionPolicy {
  return channel.retention ?? defaultRetention(channel.name);
}

/** The releases of one app that retention deletes at `now`, oldest first. */
export function selectExpiredReleases(releases: readonly RetentionRelease[], channels: readonly RetentionChannel[], now: Date): ExpiredRelease[] {
  const byName = new Map(channels.map((c) => [c.name, c]));
  const pinned = new Set(channels.flatMap((c) => [c.currentReleaseId, c.previousReleaseId]).filter((id): id is string => id !== null));
  const newestFirst = [...releases].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));

  // Each channel's members with their rank, newest first: what was published to it and what it has pointed at.
  const ranks = new Map<string, Map<string, number>>();
  const join = (channelName: string, releaseId: string) => {
    const rank = ranks.get(channelName) ?? new Map<string, number>();
    if (!rank.has(releaseId)) rank.set(releaseId, rank.size);
    ranks.set(channelName, rank);
  };
  const histories = channels.map((c) => ({ name: c.name, releaseIds: new Set(c.historyReleaseIds) }));
  for (const release of newestFirst) {
    join(release.channel, release.id);
    for (const history of histories) if (history.releaseIds.has(release.id)) join(history.name, release.id);
  }

  const expired: ExpiredRelease[] = [];
  for (const release of newestFirst.reverse()) {
    if (pinned.has(release.id)) continue;
    const ageMs = now.getTime() - release.createdAt.getTime();
    const verdicts = [...ranks]
      .filter(([, rank]) => rank.has(release.id))
      .map(([name, rank]) => {
        const why = expiry(effectiveRetention(byName.get(name) ?? { name, retention: null }), rank.get(release.id) ?? 0, ageMs);
        return why === null ? null : `${name}: ${why}`;
      });
    if (verdicts.every((why) => why !== null)) expired.push({ releaseId: release.id, reasons: verdicts as string[] });
  }
  return expired;
}

/** Why `policy` lets a release go (its rank among the channel's releases, its age), or null. */
function expiry(policy: RetentionPolicy, rank: number, ageMs: number): string | null {
  if (policy.maxReleases !== null && rank >= policy.maxReleases) return `not among the newest ${policy.maxReleases}`;
  if (policy.maxAgeDays !== null && ageMs > policy.maxAgeDays * DAY_MS) return `older than ${policy.maxAgeDays} days`;
  return null;
}

/** A policy in words, for the admin console. */
export function describeRetention(policy: RetentionPolicy): string {
  const { maxAgeDays, maxReleases } = policy;
  const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;
  if (maxAgeDays === null && maxReleases === null) return "keeps every release";
  if (maxReleases === null) return `keeps releases for ${days(maxAgeDays as number)}`;
  const newest = `keeps the newest ${maxReleases}`;
  return maxAgeDays === null ? newest : `${newest}, none older than ${days(maxAgeDays)}`;
}
