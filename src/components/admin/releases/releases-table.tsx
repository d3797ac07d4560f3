import Link from "next/link";
import { PLATFORM_LABELS } from "@/components/install/labels";
import { Badge, type Column, Table } from "@/components/ui";
import { formatUtc } from "@/domain/relative-time";
import type { ReleaseSummary } from "@/server/services/release-list";
import { funnelColumn } from "./funnel-column";
import { VALIDATION_TONES } from "./release-labels";

const linkClass = "font-medium text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-100";

/** One page of an app's releases; each version links to its release page. */
export function ReleasesTable({ slug, rows, empty }: { slug: string; rows: ReleaseSummary[]; empty: React.ReactNode }) {
  const columns: Column<ReleaseSummary>[] = [
    {
      key: "version",
      header: "Version",
      cell: ({ release }) => (
        <Link href={`/admin/apps/${slug}/releases/${release.id}`} className={linkClass} data-testid="release-link">
          {release.version}
        </Link>
      ),
    },
    { key: "build", header: "Build", cell: ({ release }) => <span className="font-mono text-xs">{release.build}</span> },
    {
      key: "channel",
      header: "Channel",
      cell: ({ release, currentOn }) => (
        <div className="flex flex-col gap-1">
          <span>{release.channel}</span>
          {currentOn.length > 0 ? (
            <span className="text-xs text-slate-600 dark:text-slate-400" data-testid="release-current-on">
              current on {currentOn.join(", ")}
            </span>
          ) : null}
        </div>
      ),
    },
    {
      key: "date",
      header: "Published",
      cell: ({ release }) => {
        const at = release.publishedAt ?? release.createdAt;
        return <time dateTime={at.toISOString()}>{formatUtc(at)}</time>;
      },
    },
    {
      key: "platforms",
      header: "Platforms",
      cell: ({ platforms }) => (
        <span className="flex flex-wrap gap-1" data-testid="release-platforms">
          {platforms.map((p) => (
            <Badge key={p}>{PLATFORM_LABELS[p]}</Badge>
          ))}
        </span>
      ),
    },
    {
      key: "validation",
      header: "Validation",
      cell: ({ validation }) => (
        <Badge tone={VALIDATION_TONES[validation]} data-testid="release-validation">
          {validation}
        </Badge>
      ),
    },
    funnelColumn((row) => row.funnel),
  ];
  return <Table caption="Releases, newest first" columns={columns} rows={rows} rowKey={(r) => r.release.id} rowTestId={() => "release-row"} empty={empty} data-testid="releases-table" />;
}
