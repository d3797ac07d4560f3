// /{app}/{channel} — one channel's build for this device (staged rollout applied)
import type { Metadata } from "next";
import { InstallPage } from "@/components/install/install-page";
import { installMetadata } from "@/components/install/metadata";

type Props = { params: Promise<{ app: string; channel: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return installMetadata((await params).app);
}

export default async function ChannelInstallPage({ params, searchParams }: Props) {
  const [{ app, channel }, search] = await Promise.all([params, searchParams]);
  return <InstallPage slug={app} channel={channel} releaseId={null} search={search} />;
}
