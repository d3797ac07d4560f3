import { formatBytes } from "@/domain/format";
import type { HistoryEntry } from "@/server/services/install-page-view";
import { formatDate, PLATFORM_LABELS } from "./labels";

/** Every release, newest first: notes, dates, and each file's size and SHA-256. */
export function ReleaseHistory({ slug, entries, next }: { slug: string; entries: HistoryEntry[]; next: string | null }) {
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby="history" className="flex flex-col gap-3" data-testid="history">
      <h2 id="history" className="text-lg font-semibold">
        Version history
      </h2>
      <ol className="flex flex-col gap-3">
        {entries.map(({ release, notesHtml, artifacts }) => (
          <li key={release.id} className="rounded-xl border border-slate-200 p-3 dark:border-slate-800">
            {/* The release link sits beside the disclosure, not in its <summary>: a link inside the
                summary's button is a control in a control, which keyboards and screen readers trip on. */}
            <p>
              <a href={`/${slug}/releases/${release.id}`} className="font-medium text-brand-600 hover:underline dark:text-brand-100">
                {release.version} ({release.build})
              </a>{" "}
              <span className="text-sm text-slate-500 dark:text-slate-400">
                {release.channel} · <time dateTime={(release.publishedAt ?? release.createdAt).toISOString()}>{formatDate(release.publishedAt ?? release.createdAt)}</time>
              </span>
            </p>
            <details className="mt-1">
              <summary className="cursor-pointer text-sm text-slate-600 dark:text-slate-400">
                {notesHtml ? "Notes and files" : "Files"}
                <span className="sr-only">
                  {" "}
                  of {release.version} ({release.build})
                </span>
              </summary>
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: release notes rendered by domain/markdown.ts, which escapes raw HTML and allows only safe links. */}
              {notesHtml ? <div className="release-notes mt-2 text-sm" dangerouslySetInnerHTML={{ __html: notesHtml }} /> : null}
              <ul className="mt-2 flex flex-col gap-1 text-sm">
                {artifacts.map(({ artifact, downloadUrl }) => (
                  <li key={artifact.id} className="flex flex-col">
                    <span>
                      {downloadUrl ? (
                        <a href={downloadUrl} className="text-brand-600 hover:underline dark:text-brand-100">
                          {artifact.filename}
                        </a>
                      ) : (
                        artifact.filename
                      )}{" "}
                      <span className="text-slate-500 dark:text-slate-400">
                        {PLATFORM_LABELS[artifact.platform]} · {formatBytes(artifact.sizeBytes)}
                      </span>
                    </span>
                    <span className="font-mono text-xs break-all text-slate-500 dark:text-slate-400">{artifact.sha256}</span>
                  </li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ol>
      {next ? (
        <a href={`/${slug}?before=${encodeURIComponent(next)}#history`} className="text-sm text-brand-600 hover:underline dark:text-brand-100">
          Older releases
        </a>
      ) : null}
    </section>
  );
}
