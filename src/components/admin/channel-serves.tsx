import { formatRelease } from "@/domain/release-label";
import { stagedFallbackId } from "@/domain/rollout";
import type { ChannelOverview } from "@/server/services/channel-overview";
import { PLATFORM_LABELS } from "../install/labels";

/** Who gets which release from a channel: both sides of a staged rollout, and per-platform substitutes. */
export function ChannelServes({ overview }: { overview: ChannelOverview }) {
  const { channel, current, fallback } = overview;
  if (!current) return <span className="text-slate-600 dark:text-slate-400">nothing yet</span>;
  const partial = stagedFallbackId(channel) !== null && fallback !== null;
  return (
    <ul className="flex flex-col gap-0.5" data-testid={`channel-serves-${channel.name}`}>
      {partial ? (
        <>
          <li>
            <span className="font-medium">{formatRelease(current)}</span> to {channel.rolloutPercent}% of devices
          </li>
          <li>
            <span className="font-medium">{formatRelease(fallback)}</span> to the other {100 - channel.rolloutPercent}%
          </li>
        </>
      ) : (
        <li>
          <span className="font-medium">{formatRelease(current)}</span> to every device
        </li>
      )}
      {!partial && fallback ? <li className="text-slate-600 dark:text-slate-400">rolls back to {formatRelease(fallback)}</li> : null}
      {overview.platformFallbacks.map(({ platform, release }) => (
        <li key={platform} className="text-amber-700 dark:text-amber-300">
          {PLATFORM_LABELS[platform]}: {formatRelease(release)} (this release has no {PLATFORM_LABELS[platform]} file)
        </li>
      ))}
    </ul>
  );
}
