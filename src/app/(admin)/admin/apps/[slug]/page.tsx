import type { Metadata } from "next";
import Link from "next/link";
import type { InstallFunnel } from "@/domain/install-event";
import { releaseLabel } from "@/domain/release-label";
import { ChannelControls, PromoteRelease } from "@/components/admin/channel-controls";
import { ChannelServes } from "@/components/admin/channel-serves";
import { RetentionPanel } from "@/components/admin/retention-panel";
import { ShareLinksPanel } from "@/components/admin/share-links-panel";
import { UploadPanel } from "@/components/admin/upload-panel";
import { getStore } from "@/server/db";
import { describeChannels } from "@/server/services/channel-overview";
import { listReleases } from "@/server/services/releases";
import { appForSlug } from "./app-for-slug";

type Props = { params: Promise<{ slug: string }> };


export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await appForSlug((await params).slug)).displayName };
}

const formatDate = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

const th = "py-2 pr-3 font-medium";

function funnelLine(funnel: InstallFunnel | undefined): string {
  if (!funnel) return "";
  return [funnel.page_view, funnel.install_tap, funnel.manifest_fetch, funnel.download_complete].join(" · ");
}
const td = "py-2 pr-3 align-top";

export default async function AdminAppPage({ params }: Props) {
  const app = await appForSlug((await params).slug);
  const store = await getStore();
  const [overviews, releases] = await Promise.all([describeChannels(store, app), listReleases(store, app.id, { limit: 10 })]);
  const channels = overviews.map((o) => o.channel);
  const promoteTargets = overviews.map((o) => ({ name: o.channel.name, current: o.current && { id: o.current.id, ...releaseLabel(o.current) } }));
  const recent = [...releases.items].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const funnels = new Map(await Promise.all(recent.map(async (r) => [r.id, await store.installEvents.funnelForRelease(r.id)] as const)));

  return (
    <div className="flex flex-col gap-8">
      <section aria-labelledby="channels-heading" className="flex flex-col gap-2">
        <h2 id="channels-heading" className="text-lg font-semibold">
          Channels
        </h2>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="channel-list">
            <thead className="border-b border-slate-200 text-slate-500 dark:border-slate-800">
              <tr>
                <th className={th}>Channel</th>
                <th className={th}>Serves</th>
                <th className={th}>Rollout</th>
                <th className={th}>Change</th>
              </tr>
            </thead>
            <tbody>
              {overviews.map(({ channel, ...overview }) => (
                <tr key={channel.id} className="border-b border-slate-100 dark:border-slate-900">
                  <td className={`${td} font-medium`}>{channel.name}</td>
                  <td className={td}>
                    <ChannelServes overview={{ channel, ...overview }} />
                  </td>
                  <td className={td}>{channel.rolloutPercent}%</td>
                  <td className={td}>
                    <ChannelControls appId={app.id} channel={channel.name} rolloutPercent={channel.rolloutPercent} current={overview.current && releaseLabel(overview.current)} fallback={overview.fallback && releaseLabel(overview.fallback)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="releases-heading" className="flex flex-col gap-2">
        <h2 id="releases-heading" className="text-lg font-semibold">
          Recent releases
        </h2>
        {recent.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="no-releases">
            No releases yet.
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="release-list">
              <thead className="border-b border-slate-200 text-slate-500 dark:border-slate-800">
                <tr>
                  <th className={th}>Version</th>
                  <th className={th}>Build</th>
                  <th className={th}>Channel</th>
                  <th className={th}>Date</th>
                  <th className={th} title="Install page views · install taps · iOS manifest fetches · completed downloads">
                    Views · taps · manifests · downloads
                  </th>
                  <th className={th}>Promote</th>
                </tr>
              </thead>
              <tbody>
                {recent.map((release) => (
                  <tr key={release.id} className="border-b border-slate-100 dark:border-slate-900">
                    <td className={`${td} font-medium`}>
                      <Link href={`/admin/apps/${app.slug}/releases/${release.id}`} className="text-brand-700 hover:underline dark:text-brand-100" data-testid="release-page-link">
                        {release.version}
                      </Link>
                    </td>
                    <td className={td}>{release.build}</td>
                    <td className={td}>{release.channel}</td>
                    <td className={td}>{formatDate(release.publishedAt ?? release.createdAt)}</td>
                    <td className={`${td} tabular-nums`} data-testid="release-funnel">
                      {funnelLine(funnels.get(release.id))}
                    </td>
                    <td className={td}>
                      <PromoteRelease appId={app.id} release={{ id: release.id, ...releaseLabel(release) }} channels={promoteTargets} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="share-heading" className="flex flex-col gap-3">
        <h2 id="share-heading" className="text-lg font-semibold">
          Share links
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">Open this app&apos;s install pages to people without an account{app.visibility === "private" ? "" : " (only needed while the app is private)"}.</p>
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
    </div>
  );
}
