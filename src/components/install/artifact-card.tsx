import { formatBytes } from "@/domain/format";
import { formatRelease } from "@/domain/release-label";
import type { ArtifactView } from "@/server/services/install-page-view";
import { artifactFacts, profileTypeOf } from "./artifact-facts";
import { actionLabel, fingerprint, PLATFORM_LABELS } from "./labels";
import { Notices } from "./notices";
import { PlatformHelp } from "./platform-help";

const primaryButton =
  "inline-flex min-h-12 items-center justify-center rounded-lg bg-brand-600 px-5 text-base font-semibold text-white hover:bg-brand-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500";
const secondaryButton =
  "inline-flex min-h-11 items-center justify-center rounded-lg border border-slate-300 px-4 text-sm font-medium hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-500 dark:border-slate-700 dark:hover:bg-slate-900";

/** One file of the release: facts, pre-install findings, and the install or download button. */
export function ArtifactCard({ view, primary, inAppBrowser }: { view: ArtifactView; primary: boolean; inAppBrowser: string | null }) {
  const { artifact, links, notices } = view;
  const blocked = notices.some((n) => n.severity === "blocker");
  const facts = artifactFacts(artifact);
  return (
    <article
      className="flex flex-col gap-3 rounded-xl border border-slate-200 p-4 dark:border-slate-800"
      data-testid="artifact"
      data-platform={artifact.platform}
      data-primary={primary ? "true" : "false"}
    >
      <header className="flex flex-wrap items-baseline justify-between gap-x-3">
        <h3 className="font-semibold break-all">{artifact.filename}</h3>
        <span className="text-sm text-slate-500 dark:text-slate-400">
          {PLATFORM_LABELS[artifact.platform]} · {formatBytes(artifact.sizeBytes)}
        </span>
      </header>
      {view.fromRelease ? (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="from-older-release">
          From version {formatRelease(view.fromRelease)}: this release has no {PLATFORM_LABELS[artifact.platform]} build, so this is the newest one on the channel.
        </p>
      ) : null}
      {primary ? <Notices notices={notices} /> : null}
      {view.signerChanged ? (
        <p
          role="alert"
          data-testid="signer-changed"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          <strong>Signer changed</strong> since the previous release ({fingerprint(view.signerChanged.previous).slice(0, 23)}… → {fingerprint(view.signerChanged.current).slice(0, 23)}…). Android will
          refuse to update over the old app: uninstall it first.
        </p>
      ) : null}
      {links === null ? (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="artifact-withheld">
          {view.withheld === "failed-validation" ? "This file did not pass Shipyard's checks and cannot be installed. Ask the team for a new build." : "This share link has no installs left."}
        </p>
      ) : primary && inAppBrowser ? null : (
        <div className="flex flex-wrap gap-2">
          <a
            href={links.installUrl}
            className={primary && !blocked ? primaryButton : secondaryButton}
            data-testid="install-button"
            data-install-tap={links.grant}
            {...(artifact.platform !== "ios" && { download: artifact.filename })}
          >
            {blocked && primary ? `${actionLabel(artifact.platform, artifact.filename)} anyway` : actionLabel(artifact.platform, artifact.filename)}
          </a>
          {artifact.platform === "ios" && links.installUrl !== links.downloadUrl ? (
            <a href={links.downloadUrl} className={secondaryButton} data-install-tap={links.grant} download={artifact.filename}>
              Download IPA
            </a>
          ) : null}
        </div>
      )}
      {facts.length > 0 ? (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm">
          {facts.map((f) => (
            <div key={f.label} className="contents">
              <dt className="text-slate-500 dark:text-slate-400">{f.label}</dt>
              <dd className={f.mono ? "font-mono text-xs break-all" : ""}>{f.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <p className="font-mono text-xs break-all text-slate-500 dark:text-slate-400">SHA-256 {artifact.sha256}</p>
      {primary ? <PlatformHelp platform={artifact.platform} profileType={profileTypeOf(artifact)} /> : null}
    </article>
  );
}
