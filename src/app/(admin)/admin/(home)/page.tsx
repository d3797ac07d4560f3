import type { Metadata } from "next";
import { AppSearch } from "@/components/admin/apps/app-search";
import { AppsTable } from "@/components/admin/apps/apps-table";
import { ButtonLink, EmptyState, Pager } from "@/components/ui";
import { appSummaryQuerySchema } from "@/domain/app-summary";
import { serverContext } from "@/server/composition";
import { listAppSummaries } from "@/server/services/app-overview";
import { requireConsoleUser } from "../require-admin";

export const metadata: Metadata = { title: "Apps" };

const PAGE_SIZE = 25;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The list URL for a search and page (the search kept across pages, dropped when blank). */
function listHref(query: string, cursor?: string): string {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (cursor) params.set("cursor", cursor);
  const search = params.toString();
  return search ? `/admin?${search}` : "/admin";
}

export default async function AdminAppsPage({ searchParams }: { searchParams: SearchParams }) {
  const { user, appIds } = await requireConsoleUser();
  const isAdmin = user.role === "admin";
  const params = await searchParams;
  // A hand-edited URL (a 500-character q, a mangled cursor) shows the first page rather than an error.
  const parsed = appSummaryQuerySchema.safeParse({ search: first(params.q), cursor: first(params.cursor), limit: PAGE_SIZE });
  const search = (parsed.success && parsed.data.search) || "";
  const cursor = parsed.success ? parsed.data.cursor : undefined;
  const { store, links } = await serverContext();
  const page = await listAppSummaries(store, { search, cursor, limit: PAGE_SIZE }, { iconUrl: (id) => links.adminIcon(id) }, appIds === "all" ? undefined : appIds);
  const searching = search !== "";
  const paged = cursor !== undefined;
  const nothingAtAll = page.items.length === 0 && !searching && !paged;

  return (
    <section aria-labelledby="apps-heading" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="apps-heading" className="text-2xl font-semibold">
          Apps
        </h1>
        {isAdmin && (
          <ButtonLink href="/admin/apps/new" data-testid="new-app">
            New app
          </ButtonLink>
        )}
      </div>
      {nothingAtAll ? (
        <EmptyState
          data-testid="no-apps"
          title="No apps yet — create your first app"
          description="An app holds the builds you distribute: its install page, channels (stable, beta, internal) and tokens for CI."
          action={<ButtonLink href="/admin/apps/new">Create an app</ButtonLink>}
        />
      ) : (
        <>
          <AppSearch query={search} />
          {page.items.length > 0 ? (
            <AppsTable apps={page.items} />
          ) : searching ? (
            <EmptyState
              data-testid="no-matching-apps"
              title={`No app matches “${search}”`}
              description="Search looks at part of an app's name or slug. Try a shorter term, or clear the search."
              action={
                <ButtonLink href="/admin" variant="secondary">
                  Clear search
                </ButtonLink>
              }
            />
          ) : (
            <EmptyState
              data-testid="no-older-apps"
              title="No older apps"
              description="This page is past the end of the list."
              action={
                <ButtonLink href={listHref(search)} variant="secondary">
                  Back to the newest apps
                </ButtonLink>
              }
            />
          )}
          <Pager
            label="Apps pages"
            first={paged ? { href: listHref(search), label: "← Newest apps", testId: "apps-first-page" } : null}
            next={page.nextCursor ? { href: listHref(search, page.nextCursor), label: "Older apps →", testId: "apps-older" } : null}
          />
        </>
      )}
    </section>
  );
}
