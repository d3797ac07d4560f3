import type { Metadata } from "next";
import { AppSettingsForm } from "@/components/admin/apps/app-settings-form";
import { DeleteApp, DeleteConsequences } from "@/components/admin/apps/delete-app";
import { Card, Section } from "@/components/ui";
import { appForSlug, appRequiring } from "../app-for-slug";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Settings · ${(await appForSlug((await params).slug)).displayName}` };
}

export default async function AppSettingsPage({ params }: Props) {
  const app = await appRequiring((await params).slug, "admin");
  return (
    <div className="flex flex-col gap-10">
      <Section title="Settings" description="The slug cannot be changed: it is in every install link and in the builds' update checks.">
        <AppSettingsForm app={{ id: app.id, displayName: app.displayName, bundleIds: app.bundleIds, visibility: app.visibility }} />
      </Section>
      <Section title="Danger zone" data-testid="danger-zone">
        <Card className="flex max-w-2xl flex-col gap-3 border-red-300 dark:border-red-900">
          <p className="font-medium">Delete this app</p>
          <DeleteConsequences slug={app.slug} />
          <div>
            <DeleteApp app={{ id: app.id, slug: app.slug, displayName: app.displayName }} />
          </div>
        </Card>
      </Section>
    </div>
  );
}
