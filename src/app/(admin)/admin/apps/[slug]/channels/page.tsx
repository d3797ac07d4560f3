import type { Metadata } from "next";
import { ChannelCard } from "@/components/admin/channel-card";
import { EmptyState } from "@/components/ui";
import { serverContext } from "@/server/composition";
import { describeChannels } from "@/server/services/channel-overview";
import { allows } from "@/domain/roles";
import { appAndAccess, appForSlug } from "../app-for-slug";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Channels · ${(await appForSlug((await params).slug)).displayName}` };
}

// GET /admin/apps/{slug}/channels — every channel of the app: what it serves, its rollout, its policy.
export default async function AppChannelsPage({ params }: Props) {
  const { app, access } = await appAndAccess((await params).slug);
  const overviews = await describeChannels((await serverContext()).store, app);
  return (
    <div className="flex flex-col gap-6" data-testid="channels-page">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Testers and apps get the release their channel points at. Stage a rollout to reach a share of devices first; a rollback returns everyone to the release before.
      </p>
      {overviews.length === 0 ? (
        <EmptyState title="No channels" description="Every new app gets stable, beta and internal; this one has none, so nothing can be promoted or installed." />
      ) : (
        overviews.map((overview) => <ChannelCard key={overview.channel.id} appId={app.id} slug={app.slug} overview={overview} maintains={allows(access, "maintainer")} />)
      )}
    </div>
  );
}
