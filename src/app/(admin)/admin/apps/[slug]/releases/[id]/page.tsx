// /admin/apps/{slug}/releases/{id} — one release: notes, files and their checks, channels, funnel, delete
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { actorInWords } from "@/components/admin/actor-name";
import { ArtifactPanel } from "@/components/admin/releases/artifact-panel";
import { DeleteRelease } from "@/components/admin/releases/delete-release";
import { ReleaseChannels } from "@/components/admin/releases/release-channels";
import { FUNNEL_STEPS } from "@/components/admin/releases/release-labels";
import { ReleaseNotesEditor } from "@/components/admin/releases/release-notes-editor";
import { QrCode } from "@/components/install/qr-code";
import { Card, Section } from "@/components/ui";
import { isInstallable } from "@/domain/artifact";
import { isDomainError } from "@/domain/errors";
import { formatUtc } from "@/domain/relative-time";
import { formatRelease } from "@/domain/release-label";
import { serverContext } from "@/server/composition";
import { type ReleaseDetail, releaseDetail } from "@/server/services/release-admin";
import { allows } from "@/domain/roles";
import { appAndAccess, appForSlug } from "../../app-for-slug";

type Props = { params: Promise<{ slug: string; id: string }> };

/** The release of the URL if it belongs to the URL's app, else Next's 404 (read once per request). */
const releaseOfApp = cache(async (slug: string, id: string): Promise<ReleaseDetail> => {
  const app = await appForSlug(slug);
  try {
    const detail = await releaseDetail((await serverContext()).store, id);
    if (detail.release.appId !== app.id) notFound();
    return detail;
  } catch (error) {
    if (isDomainError(error) && (error.code === "NOT_FOUND" || error.code === "INVALID")) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const [app, { release }] = await Promise.all([appForSlug(slug), releaseOfApp(slug, id)]);
  return { title: `${formatRelease(release)} · ${app.displayName}` };
}

export default async function ReleasePage({ params }: Props) {
  const { slug, id } = await params;
  const [{ app, access }, detail, { links }] = await Promise.all([appAndAccess(slug), releaseOfApp(slug, id), serverContext()]);
  const maintains = allows(access, "maintainer");
  const { release, artifacts, funnel } = detail;
  const label = formatRelease(release);
  const publishedAt = release.publishedAt ?? release.createdAt;
  const installUrl = links.installPage(app.slug, release.id);
  const listHref = `/admin/apps/${app.slug}/releases`;
  const publisher = actorInWords(detail.publishedBy);

  return (
    <div className="flex flex-col gap-8">
      <div className="flex flex-col gap-1">
        <Link href={listHref} className="text-sm text-brand-700 hover:underline dark:text-brand-100">
          ← All releases
        </Link>
        <h2 className="text-xl font-semibold break-words" data-testid="release-heading">
          {label}
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="release-published">
          Published <time dateTime={publishedAt.toISOString()}>{formatUtc(publishedAt)}</time> by {publisher} to {release.channel}
        </p>
      </div>

      <Section
        title="Install page"
        description={app.visibility === "private" ? "The app is private: testers sign in or open it through a share link." : "Send testers this link, or let them scan the code."}
      >
        <Card className="flex flex-col items-start gap-4 sm:flex-row sm:items-center">
          <QrCode url={installUrl} label={`QR code of the install page of ${label}`} />
          <a href={installUrl} className="font-mono text-sm break-all text-brand-700 hover:underline dark:text-brand-100" data-testid="release-install-link">
            {installUrl}
          </a>
        </Card>
      </Section>

      <Section title="Release notes" description="Shown on the install page. Editing them after publishing is fine: testers see the new text on their next visit.">
        {maintains ? (
          <ReleaseNotesEditor releaseId={release.id} initialNotes={release.notes} />
        ) : (
          <p className="text-sm whitespace-pre-wrap" data-testid="release-notes-text">
            {release.notes || "No notes."}
          </p>
        )}
      </Section>

      <Section title={artifacts.length === 1 ? "File" : `Files (${artifacts.length})`}>
        <div className="flex flex-col gap-4" data-testid="release-artifacts">
          {artifacts.map((artifact) => (
            <ArtifactPanel key={artifact.id} artifact={artifact} downloadUrl={isInstallable(artifact) ? links.download(app, artifact) : null} />
          ))}
        </div>
      </Section>

      <Section title="Channels">
        <ReleaseChannels slug={app.slug} detail={detail} />
      </Section>

      <Section title="Install funnel" description="What testers did with this release, from opening its page to the last byte of a download.">
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="release-funnel-detail">
          {FUNNEL_STEPS.map((step) => (
            <Card key={step.kind} className="flex flex-col gap-1">
              <dt className="text-xs text-slate-600 dark:text-slate-400">{step.label}</dt>
              <dd className="text-2xl font-semibold tabular-nums" data-testid={`funnel-${step.kind}`}>
                {funnel[step.kind]}
              </dd>
            </Card>
          ))}
        </dl>
      </Section>

      {maintains && (
        <Section title="Delete" description="A release that a channel serves as its current release cannot be deleted: promote another release there first.">
          <div>
            <DeleteRelease
              releaseId={release.id}
              label={label}
              listHref={listHref}
              fallbackOf={detail.channelsNow.filter((c) => c.role === "fallback").map((c) => ({ channel: c.channel, rolloutPercent: c.rolloutPercent }))}
            />
          </div>
        </Section>
      )}
    </div>
  );
}
