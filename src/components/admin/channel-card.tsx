import Link from "next/link";
import { Badge, Card, Section } from "@/components/ui";
import { releaseLabel } from "@/domain/release-label";
import type { ChannelOverview } from "@/server/services/channel-overview";
import { ChannelControls } from "./channel-controls";
import { ChannelPolicyEditor } from "./channel-policy-editor";
import { ChannelServes } from "./channel-serves";
import { summarizePolicy } from "./policy-summary";

/** One channel on the Channels page: who gets what, the rollout and rollback, its history, its policy. */
/** One channel; `maintains`: the controls that change it (a viewer reads the card without them). */
export function ChannelCard({ appId, slug, overview, maintains }: { appId: string; slug: string; overview: ChannelOverview; maintains: boolean }) {
  const { channel, current, fallback } = overview;
  const { retention: _retention, ...policy } = channel.policy;
  return (
    <Card className="flex flex-col gap-5" data-testid={`channel-card-${channel.name}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <h2 className="text-lg font-semibold break-all">{channel.name}</h2>
          {current && channel.rolloutPercent < 100 ? <Badge tone="warning">staged rollout</Badge> : null}
        </div>
        <Link
          href={`/admin/apps/${slug}/channels/${channel.name}`}
          className="rounded text-sm font-medium text-brand-600 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 dark:text-brand-100"
          data-testid={`channel-history-link-${channel.name}`}
        >
          History<span className="sr-only"> of {channel.name}</span>
        </Link>
      </div>

      <Section title="Serves" level={3}>
        {current ? (
          <div className="text-sm">
            <ChannelServes overview={overview} />
          </div>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid={`channel-serves-${channel.name}`}>
            Nothing yet. Publish a release to {channel.name}, or promote one from the Releases tab.
          </p>
        )}
        {current && maintains ? (
          <ChannelControls appId={appId} channel={channel.name} rolloutPercent={channel.rolloutPercent} current={releaseLabel(current)} fallback={fallback && releaseLabel(fallback)} />
        ) : null}
      </Section>

      {/* Closed by default: the policy changes rarely, what the channel serves is what an admin comes for. */}
      <details className="group flex flex-col gap-3 border-t border-slate-200 pt-4 dark:border-slate-800" data-testid={`policy-${channel.name}`}>
        <summary className="flex cursor-pointer list-none flex-col gap-1 rounded focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 [&::-webkit-details-marker]:hidden">
          <span className="flex items-center gap-2 text-base font-semibold">
            <span aria-hidden="true" className="inline-block transition-transform group-open:rotate-90">
              ›
            </span>
            Policy<span className="sr-only"> of {channel.name}</span>
          </span>
          <span className="text-sm text-slate-600 dark:text-slate-400" data-testid={`policy-summary-${channel.name}`}>
            {summarizePolicy(policy).join(" · ")}
          </span>
        </summary>
        <div className="mt-3 flex flex-col gap-3">
          <p className="text-sm text-slate-600 dark:text-slate-400">Checked on every promotion to this channel, and read by the update check. Retention has its own panel on the Overview tab.</p>
          {/* Keyed by the stored policy: a save refreshes the page and the form restarts from what was saved. */}
          {maintains && <ChannelPolicyEditor key={JSON.stringify(policy)} appId={appId} channel={channel.name} policy={policy} />}
        </div>
      </details>
    </Card>
  );
}
