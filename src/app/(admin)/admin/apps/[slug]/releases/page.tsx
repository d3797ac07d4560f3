// /admin/apps/{slug}/releases — every release of an app, filtered and paged through the URL
import type { Metadata } from "next";
import { ReleaseFilters } from "@/components/admin/releases/release-filters";
import { ReleasesTable } from "@/components/admin/releases/releases-table";
import { ButtonLink, Callout, EmptyState, Pager, Section } from "@/components/ui";
import { isFiltered, releaseListHref, releaseListQueryFromParams } from "@/domain/release-filter";
import { serverContext } from "@/server/composition";
import { listChannels } from "@/server/services/channels";
import { listReleaseSummaries } from "@/server/services/release-list";
import { appForSlug } from "../app-for-slug";

const PAGE_SIZE = 50;

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Releases · ${(await appForSlug((await params).slug)).displayName}` };
}

export default async function ReleasesPage({ params, searchParams }: Props) {
  const [{ slug }, search] = await Promise.all([params, searchParams]);
  const app = await appForSlug(slug);
  const { filter, cursor, ignored } = releaseListQueryFromParams(search);
  const store = (await serverContext()).store;
  const [channels, page] = await Promise.all([listChannels(store, app.id), listReleaseSummaries(store, app.id, { limit: PAGE_SIZE, cursor }, filter)]);
  const base = `/admin/apps/${app.slug}/releases`;
  const narrowed = isFiltered(filter) || cursor !== undefined;

  const empty = narrowed ? (
    <EmptyState
      data-testid="releases-no-match"
      title={cursor && !isFiltered(filter) ? "No older releases" : "No release matches these filters"}
      description="Change or clear the filters to see more releases."
      action={
        <ButtonLink href={base} variant="secondary">
          Show all releases
        </ButtonLink>
      }
    />
  ) : (
    <EmptyState
      data-testid="releases-empty"
      title="No releases yet"
      description="Upload an IPA, APK or desktop build on the Overview page, or publish one from CI with an upload token."
      action={<ButtonLink href={`/admin/apps/${app.slug}#upload-heading`}>Upload a release</ButtonLink>}
    />
  );

  return (
    <Section title="Releases" description="Newest first. Open a release to edit its notes, see its files' checks, or delete it.">
      {ignored.length > 0 ? (
        <Callout tone="warning" role="status" className="gap-1" data-testid="filter-notice">
          {ignored.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </Callout>
      ) : null}
      <ReleaseFilters action={base} channels={channels.map((c) => c.name)} filter={filter} />
      <ReleasesTable slug={app.slug} rows={page.items} empty={empty} />
      <Pager
        label="Release pages"
        data-testid="release-pages"
        first={cursor ? { href: releaseListHref(base, filter), label: "← Newest", testId: "releases-newest" } : null}
        next={page.nextCursor ? { href: releaseListHref(base, filter, page.nextCursor), label: "Older →", testId: "releases-older" } : null}
      />
    </Section>
  );
}
