import Link from "next/link";
import type { ReactNode } from "react";
import { Badge, type Column, Table } from "@/components/ui";
import type { AuditEvent } from "@/domain/audit";
import { auditActionLabel } from "@/domain/audit-actions";
import { type AuditTargetLookups, auditTargetView, summarizeAuditMetadata } from "@/domain/audit-view";
import { visibleText } from "@/domain/visible-text";
import { type ActorDescription, actorFrom } from "@/domain/actor";
import { ActorName } from "../actor-name";
import { formatUtc } from "@/domain/relative-time";
import { AUDIT_TARGET_LABELS } from "./audit-labels";

const muted = "text-xs text-slate-600 dark:text-slate-400";

function TargetCell({ event, lookups }: { event: AuditEvent; lookups: AuditTargetLookups }) {
  const view = auditTargetView(event, lookups);
  const label = <span className="break-all">{view.label}</span>;
  // Which app, for targets that are not the app itself (a release, a channel, an upload…).
  const app = event.appId && event.targetType !== "app" ? (lookups.apps.get(event.appId)?.slug ?? "a deleted app") : null;
  return (
    <span className="flex flex-col gap-0.5">
      <span className={muted}>
        {AUDIT_TARGET_LABELS[event.targetType]}
        {app ? ` · ${app}` : ""}
      </span>
      {view.href ? (
        <Link href={view.href} className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-100" data-testid="audit-target-link">
          {label}
        </Link>
      ) : (
        <span className="flex flex-wrap items-center gap-1.5" data-testid="audit-target-text">
          {label}
          {view.deleted ? <Badge tone="warning">deleted</Badge> : null}
        </span>
      )}
    </span>
  );
}

function MetadataCell({ metadata }: { metadata: Record<string, unknown> }) {
  const summary = summarizeAuditMetadata(metadata);
  if (!summary) return <span className={muted}>—</span>;
  return (
    <details className="group">
      <summary className="cursor-pointer rounded-sm break-words focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500">{summary}</summary>
      <pre className="mt-2 max-h-80 overflow-auto rounded-md bg-slate-100 p-2 text-xs whitespace-pre-wrap break-all dark:bg-slate-900" data-testid="audit-metadata">
        {visibleText(JSON.stringify(metadata, null, 2), { keepNewlines: true })}
      </pre>
    </details>
  );
}

/** A page of events, newest first; each row is marked with its action for tests and scripts. */
export function AuditTable({ events, actors, lookups, empty }: { events: AuditEvent[]; actors: Map<string, ActorDescription>; lookups: AuditTargetLookups; empty: ReactNode }) {
  const columns: Column<AuditEvent>[] = [
    {
      key: "time",
      header: "Time",
      className: "whitespace-nowrap tabular-nums",
      cell: (e) => <time dateTime={e.createdAt.toISOString()}>{formatUtc(e.createdAt, "second")}</time>,
    },
    { key: "actor", header: "Actor", cell: (e) => <ActorName actor={actorFrom(actors, e.actor)} /> },
    {
      key: "action",
      header: "Action",
      cell: (e) => (
        <span className="flex flex-col gap-0.5">
          <span>{auditActionLabel(e.action)}</span>
          <code className={muted}>{e.action}</code>
        </span>
      ),
    },
    { key: "target", header: "Target", cell: (e) => <TargetCell event={e} lookups={lookups} /> },
    { key: "details", header: "Details", className: "sm:max-w-xs", cell: (e) => <MetadataCell metadata={e.metadata} /> },
  ];
  return (
    <Table
      caption="Audit events, newest first"
      columns={columns}
      rows={events}
      rowKey={(e) => e.id}
      rowTestId={() => "audit-row"}
      rowData={(e) => ({ "data-action": e.action, "data-event-id": e.id })}
      empty={empty}
      data-testid="audit-table"
    />
  );
}
