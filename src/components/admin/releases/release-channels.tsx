import Link from "next/link";
import { Badge } from "@/components/ui";
import type { ReleaseChannelMove, ReleaseDetail } from "@/server/services/release-admin";
import { actorInWords } from "../actor-name";
import { formatUtc } from "@/domain/relative-time";
import { formatRelease } from "@/domain/release-label";

const linkClass = "font-medium text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-100";

function ChannelLink({ slug, channel }: { slug: string; channel: string }) {
  return (
    <Link href={`/admin/apps/${slug}/channels/${encodeURIComponent(channel)}`} className={linkClass}>
      {channel}
    </Link>
  );
}

/** One move in words, from this release's point of view. */
function describeMove(move: ReleaseChannelMove): string {
  // A release deleted since keeps its label, marked; null means the channel had none before.
  const other = move.other ? `${formatRelease(move.other)}${move.other.id === null ? " (deleted)" : ""}` : null;
  if (move.direction === "rollout") return `rollout set to ${move.rolloutPercent}%`;
  if (move.direction === "away") return `${move.kind === "rollback" ? "rolled back" : "moved on"} to ${other ?? "nothing"}`;
  const verb = move.kind === "rollback" ? "rolled back to this release" : "promoted this release";
  const from = other ? ` from ${other}` : "";
  return `${verb}${from}${move.rolloutPercent < 100 ? ` for ${move.rolloutPercent}% of devices` : ""}`;
}

/** The channels serving the release now, those it was on, and each move that involved it. */
export function ReleaseChannels({ slug, detail }: { slug: string; detail: Pick<ReleaseDetail, "channelsNow" | "channelsBefore" | "history"> }) {
  const { channelsNow, channelsBefore, history } = detail;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-1">
        <h3 className="text-sm font-semibold">On now</h3>
        {channelsNow.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="channels-now-none">
            No channel serves this release. Promote it from the Overview page to give it to testers.
          </p>
        ) : (
          <ul className="flex flex-col gap-1 text-sm" data-testid="channels-now">
            {channelsNow.map((c) => (
              <li key={c.channel} className="flex flex-wrap items-center gap-2">
                <ChannelLink slug={slug} channel={c.channel} />
                {c.role === "current" ? (
                  <Badge tone="success">{c.rolloutPercent < 100 ? `current, ${c.rolloutPercent}% of devices` : "current"}</Badge>
                ) : (
                  <Badge tone="info">fallback for the other {100 - c.rolloutPercent}%</Badge>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="flex flex-col gap-1">
        <h3 className="text-sm font-semibold">Was on</h3>
        {channelsBefore.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No other channel.</p>
        ) : (
          <ul className="flex flex-col gap-1 text-sm" data-testid="channels-before">
            {channelsBefore.map((c) => (
              <li key={c.channel}>
                <ChannelLink slug={slug} channel={c.channel} /> <span className="text-slate-600 dark:text-slate-400">(last promoted there {formatUtc(c.lastOn)})</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {history.length > 0 ? (
        <div className="flex flex-col gap-1">
          <h3 className="text-sm font-semibold">Channel moves</h3>
          <ol className="flex flex-col gap-1 text-sm" data-testid="release-channel-moves">
            {history.map((move) => (
              <li key={move.id} className="break-words">
                <time dateTime={move.at.toISOString()} className="text-slate-600 tabular-nums dark:text-slate-400">
                  {formatUtc(move.at)}
                </time>{" "}
                <ChannelLink slug={slug} channel={move.channel} />: {describeMove(move)} <span className="text-slate-600 dark:text-slate-400">by {actorInWords(move.actor)}</span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </div>
  );
}
