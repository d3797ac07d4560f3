import Link from "next/link";
import { Table, type Column } from "@/components/ui";
import type { ChannelHistoryKind, HistoryRelease } from "@/domain/channel";
import { formatRelease } from "@/domain/release-label";
import { formatUtc } from "@/domain/relative-time";
import type { ChannelMove } from "@/server/services/channel-history";
import { ActorName } from "./actor-name";

const WHAT: Record<ChannelHistoryKind, string> = { promote: "Promoted", rollback: "Rolled back", rollout: "Rollout changed" };

/** A link to the release's page, or its label marked deleted when it is gone (no page to open). */
function ReleaseLink({ slug, release }: { slug: string; release: HistoryRelease }) {
  if (release.id === null) return <span className="text-slate-600 dark:text-slate-400">{formatRelease(release)} (deleted)</span>;
  return (
    <Link href={`/admin/apps/${slug}/releases/${release.id}`} className="font-medium text-brand-600 hover:underline dark:text-brand-100">
      {formatRelease(release)}
    </Link>
  );
}

/** A channel's moves, newest first: when, who, what, from which release to which, and the rollout it left. */
export function ChannelHistoryTable({ slug, moves }: { slug: string; moves: ChannelMove[] }) {
  const columns: Column<ChannelMove>[] = [
    {
      key: "when",
      header: "When (UTC)",
      cell: (m) => (
        <time dateTime={m.at.toISOString()} className="tabular-nums whitespace-nowrap">
          {formatUtc(m.at, "second")}
        </time>
      ),
    },
    {
      key: "who",
      header: "Who",
      cell: (m) => <ActorName actor={m.actor} />,
    },
    { key: "what", header: "What", cell: (m) => WHAT[m.kind] },
    {
      key: "release",
      header: "Release",
      cell: (m) =>
        // A rollout change keeps the release: naming it twice would read as a move.
        m.kind === "rollout" ? (
          <ReleaseLink slug={slug} release={m.to} />
        ) : (
          <span className="inline-flex flex-wrap items-center gap-1.5">
            {m.from ? <ReleaseLink slug={slug} release={m.from} /> : <span className="text-slate-600 dark:text-slate-400">nothing</span>}
            <span aria-hidden="true">→</span>
            <span className="sr-only">to</span>
            <ReleaseLink slug={slug} release={m.to} />
          </span>
        ),
    },
    { key: "rollout", header: "Rollout", cell: (m) => <span className="tabular-nums">{m.rolloutPercent}%</span> },
  ];
  return <Table columns={columns} rows={moves} rowKey={(m) => m.id} rowTestId={() => "channel-move"} caption="Channel history, newest first" data-testid="channel-history" />;
}
