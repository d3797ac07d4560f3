import type { Metadata } from "next";
import { FactList } from "@/components/admin/settings/fact-list";
import { JanitorRun } from "@/components/admin/settings/janitor-run";
import { PublicUrlStatus } from "@/components/admin/settings/public-url-status";
import { Badge, Card, Section } from "@/components/ui";
import { formatBytes } from "@/domain/format";
import { getSystemHealth } from "@/server/services/system-health";
import { serverContext } from "@/server/composition";
import { requireAdmin } from "../require-admin";

export const metadata: Metadata = { title: "Settings" };

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

// Read on every request (the layout reads the session, so the page is dynamic anyway): the figures
// are only worth anything when current.
export default async function SettingsPage() {
  await requireAdmin();
  const health = await getSystemHealth((await serverContext()).systemHealth);
  const { blobs, staging } = health.storage;
  const { migrations } = health.database;
  const upToDate = migrations.pending.length === 0;

  return (
    <div className="flex flex-col gap-8">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">Settings and health</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">How this server is set up and how it is doing. Settings come from its environment; change them there and restart.</p>
      </div>

      <Section title="Public address" description="The address in every install link, QR code and iOS manifest (PUBLIC_URL).">
        <Card>
          <PublicUrlStatus check={health.publicUrl} />
        </Card>
      </Section>

      <Section title="Storage">
        <Card>
          <FactList
            facts={[
              { label: "App files", value: `${formatBytes(blobs.bytes)} in ${plural(blobs.count, "file", "files")}`, testId: "health-blobs" },
              {
                label: "Uploads in progress",
                value: `${formatBytes(staging.bytes)} in ${plural(staging.count, "file", "files")}`,
                testId: "health-staging",
              },
              {
                label: "Database",
                value:
                  health.database.sizeBytes === null
                    ? "not on disk"
                    : `${formatBytes(health.database.sizeBytes)}${health.database.walBytes > 0 ? ` (${formatBytes(health.database.walBytes)} not yet checkpointed)` : ""}`,
                testId: "health-database-size",
              },
              {
                label: "Migrations",
                value: (
                  <span className="flex flex-wrap items-center gap-2">
                    <span>
                      {migrations.applied} of {migrations.available} applied
                    </span>
                    {upToDate ? <Badge tone="success">up to date</Badge> : <Badge tone="warning">{migrations.pending.length} pending</Badge>}
                    {upToDate ? null : (
                      <span className="w-full text-slate-700 dark:text-slate-300">
                        Pending: <span className="font-mono">{migrations.pending.join(", ")}</span>. Restart the server (it migrates at start) or run{" "}
                        <code className="font-mono">npm run db:migrate</code>.
                      </span>
                    )}
                  </span>
                ),
                testId: "health-migrations",
              },
            ]}
          />
        </Card>
      </Section>

      <Section title="Janitor" description="Expires unfinished uploads every 10 minutes; hourly it also applies retention and removes files no release uses.">
        <Card>
          <JanitorRun run={health.janitor} />
        </Card>
      </Section>

      <Section title="Version">
        <Card>
          <FactList
            facts={[
              { label: "Shipyard", value: health.version, testId: "health-version" },
              { label: "Node.js", value: health.nodeVersion, testId: "health-node" },
            ]}
          />
        </Card>
      </Section>
    </div>
  );
}
