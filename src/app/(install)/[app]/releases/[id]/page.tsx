// /{app}/releases/{id} — one release, whatever the channels point at (the link CI prints)
import type { Metadata } from "next";
import { InstallPage } from "@/components/install/install-page";
import { type InstallPageTarget, installPageMetadata, installPageView } from "@/server/entry/install-page";

type Props = { params: Promise<{ app: string; id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function target({ params, searchParams }: Props): Promise<InstallPageTarget> {
  const [{ app, id }, search] = await Promise.all([params, searchParams]);
  return { slug: app, channel: null, releaseId: id, search };
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  return installPageMetadata(await target(props));
}

export default async function ReleaseInstallPage(props: Props) {
  return <InstallPage view={await installPageView(await target(props))} />;
}
