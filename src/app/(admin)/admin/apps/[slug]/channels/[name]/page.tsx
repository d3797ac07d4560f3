import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChannelHistoryTable } from "@/components/admin/channel-history-table";
import { ButtonLink, EmptyState, Pager } from "@/components/ui";
import { isDomainError } from "@/domain/errors";
import { pageInputSchema } from "@/domain/pagination";
import { serverContext } from "@/server/composition";
import { type ChannelHistoryPage as HistoryPage, describeChannelHistory } from "@/server/services/channel-history";
import { appForSlug } from "../../app-for-slug";

type Props = { params: Promise<{ slug: string; name: string }>; searchParams: Promise<{ cursor?: string | string[] }> };

const PAGE_SIZE = 25;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, name } = await params;
  return { title: `${name} history · ${(await appForSlug(slug)).displayName}` };
}

/** The page of history, or Next's 404 for a channel this app does not have (or a malformed name). */
async function historyOr404(appId: string, name: string, cursor: string | undefined): Promise<HistoryPage> {
  try {
    return await describeChannelHistory((await serverContext()).store, appId, name, { limit: PAGE_SIZE, ...(cursor && { cursor }) });
  } catch (error) {
    if (isDomainError(error) && (error.code === "NOT_FOUND" || error.code === "INVALID")) notFound();
    throw error;
  }
}

// GET /admin/apps/{slug}/channels/{name}?cursor= — a channel's moves, newest first, in cursor pages.
export default async function ChannelHistoryPage({ params, searchParams }: Props) {
  // Channel names are lowercase letters, digits and hyphens: nothing in them is ever URL-encoded.
  const { slug, name } = await params;
  const app = await appForSlug(slug);
  const { cursor: rawCursor } = await searchParams;
  // A cursor a hand-edited URL mangled shows the first page, as the other lists do, not a 404.
  const parsed = pageInputSchema.shape.cursor.safeParse(typeof rawCursor === "string" && rawCursor !== "" ? rawCursor : undefined);
  const cursor = parsed.success ? parsed.data : undefined;
  const { moves, nextCursor } = await historyOr404(app.id, name, cursor);
  const base = `/admin/apps/${app.slug}/channels/${name}`;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-1">
        <Link href={`/admin/apps/${app.slug}/channels`} className="text-sm text-brand-600 hover:underline dark:text-brand-100">
          ← Channels
        </Link>
        <h2 className="text-lg font-semibold break-all">History of {name}</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">Every promotion, rollback and rollout change, newest first.</p>
      </div>
      {moves.length === 0 ? (
        cursor ? (
          <EmptyState
            title="No older moves"
            description="This is the end of the history."
            action={
              <ButtonLink href={base} variant="secondary">
                Newest moves
              </ButtonLink>
            }
            data-testid="channel-history-empty"
          />
        ) : (
          <EmptyState
            title={`Nothing has been on ${name} yet`}
            description={`Publish a release to ${name}, or promote one from the Releases tab; every move then shows here.`}
            action={
              <ButtonLink href={`/admin/apps/${app.slug}/releases`} variant="secondary">
                Go to releases
              </ButtonLink>
            }
            data-testid="channel-history-empty"
          />
        )
      ) : (
        <ChannelHistoryTable slug={app.slug} moves={moves} />
      )}
      <Pager
        label="History pages"
        first={cursor ? { href: base, label: "← Newest moves", testId: "channel-history-newest" } : null}
        next={nextCursor ? { href: `${base}?cursor=${encodeURIComponent(nextCursor)}`, label: "Older moves →", testId: "channel-history-older" } : null}
      />
    </div>
  );
}
