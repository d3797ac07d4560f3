// /admin/audit — the audit log: filters in the URL, cursor pages, links to each target, exports
import type { Metadata } from "next";
import { AuditFilters } from "@/components/admin/audit/audit-filters";
import { AuditTable } from "@/components/admin/audit/audit-table";
import { buttonClasses, ButtonLink, EmptyState, ErrorState, Pager, Section } from "@/components/ui";
import { AUDIT_FILTER_PARAMS, auditHref } from "@/domain/audit-query";
import { serverContext } from "@/server/composition";
import { loadAuditLogPage } from "@/server/services/audit-log";
import { requireAdmin } from "../require-admin";

export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const FIELD_LABELS: Record<string, string> = {
  app: "App",
  actor: "Actor",
  action: "Action",
  targetType: "Target type",
  targetId: "Target id",
  from: "From",
  to: "To",
  cursor: "Page",
  limit: "Page size",
};

function toSearchParams(search: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, v);
  }
  return params;
}

export default async function AuditPage({ searchParams }: Props) {
  await requireAdmin();
  const params = toSearchParams(await searchParams);
  // Drop an export format: this page shows pages; the export links add it back.
  params.delete("format");
  const values = Object.fromEntries([...AUDIT_FILTER_PARAMS, "limit" as const].flatMap((name) => (params.get(name)?.trim() ? [[name, params.get(name)?.trim()]] : [])));
  const read = await loadAuditLogPage((await serverContext()).store, params);

  const filters = <AuditFilters values={values} choices={read.choices} errors={"errors" in read ? read.errors : {}} />;
  if ("errors" in read) {
    return (
      <Section title="Audit log" description="Every change made by people, tokens and Shipyard itself, newest first.">
        {filters}
        <ErrorState
          title="These filters cannot be used"
          data-testid="audit-filter-error"
          message={
            <ul className="list-disc pl-5">
              {Object.entries(read.errors).map(([path, message]) => (
                <li key={path}>{FIELD_LABELS[path] ? `${FIELD_LABELS[path]}: ${message}` : message}</li>
              ))}
            </ul>
          }
          action={
            <ButtonLink href="/admin/audit" variant="secondary">
              Clear filters
            </ButtonLink>
          }
        />
      </Section>
    );
  }

  const { query, page, actors, lookups } = read;
  const filtered = AUDIT_FILTER_PARAMS.some((name) => values[name]);
  const cursor = query.page.cursor;
  const exportHref = (format: "jsonl" | "csv") => auditHref("/admin/audit/export", params, { cursor: null, limit: null, format });

  const empty =
    filtered || cursor ? (
      <EmptyState
        data-testid="audit-empty"
        title={cursor && !filtered ? "No older events" : "No event matches these filters"}
        description={cursor ? "You are past the oldest event; go back to the newest." : "Widen the dates or clear a filter to see more events."}
        action={
          <ButtonLink href={cursor ? auditHref("/admin/audit", params, { cursor: null }) : "/admin/audit"} variant="secondary">
            {cursor ? "Newest events" : "Clear filters"}
          </ButtonLink>
        }
      />
    ) : (
      <EmptyState
        data-testid="audit-empty"
        title="Nothing recorded yet"
        description="Creating an app, publishing a build, moving a channel or creating a token each adds an event here."
        action={<ButtonLink href="/admin">Go to apps</ButtonLink>}
      />
    );

  return (
    <Section
      title="Audit log"
      description="Every change made by people, tokens and Shipyard itself, newest first. Times are UTC."
      actions={
        <>
          {/* Plain links, not next/link: the answer is a download, streamed by a route handler. */}
          <a href={exportHref("jsonl")} download className={buttonClasses({ variant: "secondary", size: "sm" })} data-testid="audit-export-jsonl">
            Export JSON Lines
          </a>
          <a href={exportHref("csv")} download className={buttonClasses({ variant: "secondary", size: "sm" })} data-testid="audit-export-csv">
            Export CSV
          </a>
        </>
      }
    >
      {filters}
      <p className="text-xs text-slate-600 dark:text-slate-400">Exports hold every event that matches the filters, not just this page.</p>
      <AuditTable events={page.items} actors={actors} lookups={lookups} empty={empty} />
      <Pager
        label="Audit log pages"
        data-testid="audit-pages"
        first={cursor ? { href: auditHref("/admin/audit", params, { cursor: null }), label: "← Newest", testId: "audit-newest" } : null}
        next={page.nextCursor ? { href: auditHref("/admin/audit", params, { cursor: page.nextCursor }), label: "Older →", testId: "audit-older" } : null}
      />
    </Section>
  );
}
