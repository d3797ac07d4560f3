// /{app}/releases/{id} — one release, whatever the channels point at (the link CI prints)
import type { Metadata } from "next";
import { InstallPage } from "@/components/install/install-page";
import { installMetadata } from "@/components/install/metadata";

type Props = { params: Promise<{ app: string; id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return installMetadata((await params).app);
}

export default async function ReleaseInstallPage({ params, searchParams }: Props) {
  const [{ app, id }, search] = await Promise.all([params, searchParams]);
  return <InstallPage slug={app} channel={null} releaseId={id} search={search} />;
}
