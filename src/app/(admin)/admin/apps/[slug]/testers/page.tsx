import type { Metadata } from "next";
import { TestersPanel } from "@/components/admin/testers/testers-panel";
import { Section } from "@/components/ui";
import { appForSlug, appRequiring } from "../app-for-slug";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Testers · ${(await appForSlug((await params).slug)).displayName}` };
}

export default async function AppTestersPage({ params }: Props) {
  const app = await appRequiring((await params).slug, "maintainer");
  return (
    <Section
      title="Testers"
      description="Groups of testers, each given some channels. Signed-in testers install those channels of this app and get an email when a build reaches them; an address without an account gets a personal link instead."
    >
      <TestersPanel appId={app.id} />
    </Section>
  );
}
