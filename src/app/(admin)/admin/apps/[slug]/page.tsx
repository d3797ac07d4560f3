import type { Metadata } from "next";
import Link from "next/link";
import { emptyFunnel } from "@/domain/install-event";
import type { Release } from "@/domain/release";
import { releaseLabel } from "@/domain/release-label";
import { formatUtc } from "@/domain/relative-time";
import { ChannelControls, PromoteRelease } from "@/components/admin/channel-controls";
import { ChannelServes } from "@/components/admin/channel-serves";
import { funnelColumn } from "@/components/admin/releases/funnel-column";
import { RetentionPanel } from "@/components/admin/retention-panel";
import { ShareLinksPanel } from "@/components/admin/share-links-panel";
import { UploadPanel } from "@/components/admin/upload-panel";
import { type Column, EmptyState, Table } from "@/components/ui";
import { serverContext } from "@/server/composition";
import { describeAppConsole } from "@/server/services/app-console";
import type { ChannelOverview } from "@/server/services/channel-overview";
import { allows } from "@/domain/roles";
import { appAndAccess, appForSlug } from "./app-for-slug";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await appForSlug((await params).slug)).displayName };
}

export default async function AdminAppPage({ params }: Props) {
  const { app, access } = await appAndAccess((await params).slug);
  // A viewer reads the same page without the controls (the procedures refuse them too).
  const maintains = allows(access, "maintainer");
  const { channels: overviews, recent, funnels } = await describeAppConsole((await serverContext()).store, app);
  const channels = overviews.map((o) => o.channel);
  const promoteTargets = overviews.map((o) => ({ name: o.channel.name, current: o.current && { id: o.current.id, ...releaseLabel(o.current) } }));

  const channelColumns: Column<ChannelOverview>[] = [
    { key: "channel", header: "Channel", cell: ({ channel }) => <span className="font-medium">{channel.name}</span> },
    { key: "serves", header: "Serves", cell: (overview) => <ChannelServes overview={overview} /> },
    { key: "rollout", header: "Rollout", cell: ({ channel }) => `${channel.rolloutPercent}%` },
    ...(maintains
      ? [
          {
            key: "change",
            header: "Change",
            cell: ({ channel, current, fallback }: ChannelOverview) => (
              <ChannelControls appId={app.id} channel={channel.name} rolloutPercent={channel.rolloutPercent} current={current && releaseLabel(current)} fallback={fallback && releaseLabel(fallback)} />
            ),
          },
        ]
      : []),
  ];
  const releaseColumns: Column<Release>[] = [
    {
      key: "version",
      header: "Version",
      cell: (release) => (
        <Link href={`/admin/apps/${app.slug}/releases/${release.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-100" data-testid="release-page-link">
          {release.version}
        </Link>
      ),
    },
    { key: "build", header: "Build", cell: (release) => release.build },
    { key: "channel", header: "Channel", cell: (release) => release.channel },
    { key: "date", header: "Date", cell: (release) => formatUtc(release.publishedAt ?? release.createdAt), hideOnMobile: true },
    // funnelsForReleases answers for every id it is given (zeros when none).
    funnelColumn((release) => funnels.get(release.id) ?? emptyFunnel()),
    ...(maintains
      ? [{ key: "promote", header: "Promote", cell: (release: Release) => <PromoteRelease appId={app.id} release={{ id: release.id, ...releaseLabel(release) }} channels={promoteTargets} /> }]
      : []),
  ];

  return (
    <div className="flex flex-col gap-8">
      <section aria-labelledby="channels-heading" className="flex flex-col gap-2">
        <h2 id="channels-heading" className="text-lg font-semibold">
          Channels
        </h2>
        <Table columns={channelColumns} rows={overviews} rowKey={(o) => o.channel.id} caption="Channels" data-testid="channel-list" />
      </section>

      <section aria-labelledby="releases-heading" className="flex flex-col gap-2">
        <h2 id="releases-heading" className="text-lg font-semibold">
          Recent releases
        </h2>
        <Table
          columns={releaseColumns}
          rows={recent}
          rowKey={(r) => r.id}
          caption="Recent releases"
          data-testid="release-list"
          empty={<EmptyState data-testid="no-releases" title="No releases yet" description="Upload a build below, or publish one from CI with a token from the Tokens page." />}
        />
      </section>

      {maintains && (
        <>
          <section aria-labelledby="share-heading" className="flex flex-col gap-3">
            <h2 id="share-heading" className="text-lg font-semibold">
              Share links
            </h2>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Open this app&apos;s install pages to people without an account{app.visibility === "private" ? "" : " (only needed while the app is private)"}.
            </p>
            <ShareLinksPanel appId={app.id} />
          </section>

          <section aria-labelledby="retention-heading" className="flex flex-col gap-3">
            <h2 id="retention-heading" className="text-lg font-semibold">
              Retention
            </h2>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Old releases are deleted hourly by each channel&apos;s rule. A release stays while any channel it was on keeps it, and a channel&apos;s current and previous releases are never deleted.
            </p>
            <RetentionPanel appId={app.id} channels={channels.map((c) => ({ name: c.name, retention: c.policy.retention }))} />
          </section>

          <section aria-labelledby="upload-heading" className="flex flex-col gap-3">
            <h2 id="upload-heading" className="text-lg font-semibold">
              Upload a release
            </h2>
            <UploadPanel appId={app.id} channels={channels.map((c) => c.name)} />
          </section>
        </>
      )}
    </div>
  );
}
