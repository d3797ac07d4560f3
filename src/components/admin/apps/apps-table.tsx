import Link from "next/link";
import type { AppSummary, ChannelSummary } from "@/domain/app-summary";
import type { Visibility } from "@/domain/app";
import { formatBytes } from "@/domain/format";
import { Badge, type BadgeTone, type Column, Table } from "@/components/ui";
import { AppIcon } from "./app-icon";

const VISIBILITY_TONE: Record<Visibility, BadgeTone> = { public: "success", unlisted: "info", private: "neutral" };

function ChannelVersions({ channels }: { channels: ChannelSummary[] }) {
  const live = channels.filter((c) => c.release !== null);
  if (live.length === 0) return <span className="text-slate-600 dark:text-slate-400">No releases yet</span>;
  return (
    <ul className="flex flex-col gap-0.5">
      {live.map((c) => (
        <li key={c.name} data-testid={`app-channel-${c.name}`}>
          <span className="text-slate-600 dark:text-slate-400">{c.name}</span>{" "}
          <span className="font-medium">
            {c.release?.version} ({c.release?.build})
          </span>
          {c.rolloutPercent < 100 ? <span className="text-slate-600 dark:text-slate-400"> · {c.rolloutPercent}%</span> : null}
        </li>
      ))}
    </ul>
  );
}

const columns: Column<AppSummary>[] = [
  {
    key: "name",
    header: "App",
    cell: (app) => (
      <div className="flex min-w-0 items-center gap-3">
        <AppIcon name={app.displayName} url={app.iconUrl} />
        <Link
          href={`/admin/apps/${app.slug}`}
          className="min-w-0 font-medium wrap-anywhere text-brand-600 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-100"
          data-testid="app-link"
        >
          {app.displayName}
        </Link>
      </div>
    ),
  },
  { key: "slug", header: "Slug", cell: (app) => <span className="font-mono break-all">{app.slug}</span> },
  { key: "visibility", header: "Visibility", cell: (app) => <Badge tone={VISIBILITY_TONE[app.visibility]}>{app.visibility}</Badge> },
  { key: "channels", header: "Current releases", cell: (app) => <ChannelVersions channels={app.channels} /> },
  {
    key: "storage",
    header: "Storage",
    className: "sm:whitespace-nowrap",
    cell: (app) => (
      <span title={`${app.storage.bytes.toLocaleString("en")} bytes`} data-testid="app-storage">
        {formatBytes(app.storage.bytes)}
        <span className="text-slate-600 dark:text-slate-400">
          {" "}
          · {app.storage.artifacts} {app.storage.artifacts === 1 ? "file" : "files"}
        </span>
      </span>
    ),
  },
];

/** The apps of one page of the list; the page decides what an empty list says. */
export function AppsTable({ apps }: { apps: AppSummary[] }) {
  return <Table columns={columns} rows={apps} rowKey={(a) => a.id} rowTestId={(a) => `app-row-${a.slug}`} caption="Apps" data-testid="app-list" />;
}
