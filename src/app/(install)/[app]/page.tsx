// /{app} — the app's install page: its default channel's build for this device, every platform
import type { Metadata } from "next";
import { InstallPage } from "@/components/install/install-page";
import { installMetadata } from "@/components/install/metadata";

type Props = { params: Promise<{ app: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return installMetadata((await params).app);
}

export default async function AppInstallPage({ params, searchParams }: Props) {
  const [{ app }, search] = await Promise.all([params, searchParams]);
  return <InstallPage slug={app} channel={null} releaseId={null} search={search} />;
}
