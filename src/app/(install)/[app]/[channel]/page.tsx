// /{app}/{channel} — one channel's build for this device (staged rollout applied)
import type { Metadata } from "next";
import { InstallPage } from "@/components/install/install-page";
import { type InstallPageTarget, installPageMetadata, installPageView } from "@/server/entry/install-page";

type Props = { params: Promise<{ app: string; channel: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function target({ params, searchParams }: Props): Promise<InstallPageTarget> {
  const [{ app, channel }, search] = await Promise.all([params, searchParams]);
  return { slug: app, channel, releaseId: null, search };
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  return installPageMetadata(await target(props));
}

export default async function ChannelInstallPage(props: Props) {
  return <InstallPage view={await installPageView(await target(props))} />;
}
