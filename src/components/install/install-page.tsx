import { initialOf } from "@/domain/initial";
import type { Platform } from "@/domain/platform";
import type { InstallView } from "@/server/services/install-page-view";
import { ArtifactCard } from "./artifact-card";
import { ChannelTabs } from "./channel-tabs";
import { InAppBrowserBanner } from "./in-app-browser";
import { formatDate, PLATFORM_LABELS } from "./labels";
import { PageScripts } from "./page-scripts";
import { PlatformSwitcher } from "./platform-switcher";
import { QrCode } from "./qr-code";
import { ReleaseHistory } from "./release-history";

/** An install page laid out from its view model (services/install-page-view.ts); it reads nothing itself. */
export function InstallPage({ view }: { view: InstallView }) {
  const { app, release, device } = view;
  const basePath = new URL(view.pageUrl).pathname;
  const platforms = [...new Set([...view.primary, ...view.others].map((v) => v.artifact.platform))] as Platform[];
  const onDesktop = device.formFactor === "desktop" || device.formFactor === "unknown";
  return (
    <main
      className="mx-auto flex w-full max-w-2xl flex-col gap-6 px-4 py-6 sm:px-6 sm:py-10"
      data-testid="install-page"
      data-detected-os={device.os}
      data-platform={view.platform ?? ""}
      data-channel={view.selectedChannel ?? ""}
    >
      <PageScripts maybeIpad={device.maybeIpad} />
      <header className="flex items-center gap-4">
        {view.iconUrl ? (
          // biome-ignore lint/performance/noImgElement: a grant URL, served by us, sized already: nothing for next/image to optimise.
          <img src={view.iconUrl} alt="" width={64} height={64} className="h-16 w-16 rounded-2xl border border-slate-200 dark:border-slate-800" />
        ) : (
          <div aria-hidden className="flex h-16 w-16 items-center justify-center rounded-2xl bg-brand-600 text-2xl font-bold text-white">
            {initialOf(app.displayName) || "?"}
          </div>
        )}
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold break-words">{app.displayName}</h1>
          {release ? (
            <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="release-line">
              Version {release.version} ({release.build}){view.selectedChannel ? ` · ${view.selectedChannel}` : ""} ·{" "}
              <time dateTime={(release.publishedAt ?? release.createdAt).toISOString()}>{formatDate(release.publishedAt ?? release.createdAt)}</time>
            </p>
          ) : null}
        </div>
      </header>
      <ChannelTabs slug={app.slug} channels={view.channels} current={view.selectedChannel} />
      <InAppBrowserBanner device={device} openUrl={view.shareUrl ?? view.pageUrl} />
      {release === null ? (
        <p className="text-slate-600 dark:text-slate-400" data-testid="no-release">
          Nothing to install yet{view.selectedChannel ? ` on ${view.selectedChannel}` : ""}.
        </p>
      ) : (
        <>
          <PlatformSwitcher platforms={platforms} current={view.platform} basePath={basePath} />
          {view.primary.length > 0 ? (
            <section aria-label={`For ${view.platform ? PLATFORM_LABELS[view.platform] : "your device"}`} className="flex flex-col gap-3" data-testid="primary">
              {view.primary.map((v, i) => (
                <ArtifactCard key={v.artifact.id} view={v} primary={i === 0} inAppBrowser={device.inAppBrowser} />
              ))}
            </section>
          ) : (
            <p className="text-slate-600 dark:text-slate-400">No {view.platform ? PLATFORM_LABELS[view.platform] : ""} build in this release.</p>
          )}
          {view.notesHtml ? (
            <section aria-labelledby="notes" className="flex flex-col gap-2">
              <h2 id="notes" className="text-lg font-semibold">
                What&apos;s new
              </h2>
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: release notes rendered by domain/markdown.ts, which escapes raw HTML and allows only safe links. */}
              <div className="release-notes" data-testid="release-notes" dangerouslySetInnerHTML={{ __html: view.notesHtml }} />
            </section>
          ) : null}
          {view.others.length > 0 ? (
            <section aria-labelledby="other-downloads" className="flex flex-col gap-3" data-testid="others">
              <h2 id="other-downloads" className="text-lg font-semibold">
                Other platforms
              </h2>
              {view.others.map((v) => (
                <ArtifactCard key={v.artifact.id} view={v} primary={false} inAppBrowser={null} />
              ))}
            </section>
          ) : null}
        </>
      )}
      {/* The phone has no share cookie either: a share-link visitor's code carries the link. */}
      {onDesktop ? <QrCode url={view.shareUrl ?? view.pageUrl} label="Scan to open this page on your phone" /> : null}
      <ReleaseHistory slug={app.slug} entries={view.history} next={view.historyNext} />
      <footer className="text-center text-sm text-slate-500 dark:text-slate-400">
        <a className="underline" href="/help">
          Trouble installing?
        </a>
      </footer>
    </main>
  );
}
