// /{app} — the app's install page: its default channel's build for this device, every platform
import type { Metadata } from "next";
import { InstallPage } from "@/components/install/install-page";
import { type InstallPageTarget, installPageMetadata, installPageView } from "@/server/entry/install-page";

type Props = { params: Promise<{ app: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function target({ params, searchParams }: Props): Promise<InstallPageTarget> {
  const [{ app }, search] = await Promise.all([params, searchParams]);
  return { slug: app, channel: null, releaseId: null, search };
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  return installPageMetadata(await target(props));
}

export default async function AppInstallPage(props: Props) {
  return <InstallPage view={await installPageView(await target(props))} />;
}
