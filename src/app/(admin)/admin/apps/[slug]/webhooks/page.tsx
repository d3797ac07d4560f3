import type { Metadata } from "next";
import { WebhooksPanel } from "@/components/admin/webhooks/webhooks-panel";
import { Section } from "@/components/ui";
import { appForSlug, appRequiring } from "../app-for-slug";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Webhooks · ${(await appForSlug((await params).slug)).displayName}` };
}

export default async function AppWebhooksPage({ params }: Props) {
  const app = await appRequiring((await params).slug, "maintainer");
  return (
    <Section
      title="Webhooks"
      description="Shipyard posts to these URLs when a release is published, a channel moves or an invalid file is published anyway. Failed deliveries are retried with growing pauses for 24 hours."
    >
      <WebhooksPanel appId={app.id} />
    </Section>
  );
}
