import type { App } from "@/domain/app";
import { type Artifact, isInstallable } from "@/domain/artifact";
import { type Device, primaryPlatformFor, rankArtifactsForDevice } from "@/domain/device";
import { metadataOf } from "@/domain/metadata-reader";
import { type Platform, PLATFORMS, platformSchema } from "@/domain/platform";
import { checkInstallability, type InstallNotice } from "@/domain/preinstall";
import type { Release } from "@/domain/release";
import { type RolloutSplit, stagedFallbackId } from "@/domain/rollout";
import type { ShareLink } from "@/domain/share-link";
import { defaultChannelWithin, type InstallScope, MEMBER_SCOPE, type PageTarget } from "@/domain/install-scope";
import type { Store } from "../store/types";
import { type ChannelChoice, type InstallPageData, type InstallPageQuery, type InstallSnapshotSource, readInstallPage } from "./install-page";
import { notesHtml } from "./notes-html";
import { audienceOfPage, type PageAudience, shareLinkScopeOf } from "./page-audience";

// An install page's whole view model, from one read transaction: the components only lay it out.
// The transport layer supplies what is not the store's: the visitor's device, cookies and session,
// and the link minting (grants are signed there).

/** The URLs an install page hands out for one artifact. */
export interface ArtifactLinks {
  /** What the primary button opens: itms-services for iOS, the file otherwise. */
  installUrl: string;
  /** The file itself. */
  downloadUrl: string;
  /** iOS only: the manifest the installer fetches. */
  manifestUrl: string | null;
  /** The icon inspection found, when there is one. */
  iconUrl: string | null;
  /** Proves the page handed this artifact out; the install-tap beacon sends it back. */
  grant: string;
}

type LinkTarget = Pick<Artifact, "id" | "filename" | "platform" | "metadata">;

export interface InstallPageDeps {
  publicUrl: string;
  /** Every link of an artifact the page offers (grants minted through a share link carry its id). */
  links(app: Pick<App, "visibility">, artifact: LinkTarget, shareLinkId: string | null): ArtifactLinks;
  /** Only the download link, for the version history (no manifest or icon grant needed there). */
  downloadUrl(app: Pick<App, "visibility">, artifact: LinkTarget, shareLinkId: string | null): string;
  /** The snapshots kept between requests (the composition root's); without, every request reads the store. */
  snapshots?: InstallSnapshotSource;
  now?: Date;
}

export interface InstallPageRequest extends InstallPageQuery {
  device: Device;
  /** ?platform=, chosen by hand; ignored unless a known platform. */
  platform: string | undefined;
  /**
   * What the signed-in visitor may install of the app if this page is for them (page-audience.ts's
   * installScopeOf), else null; called only for a private app the visitor has no share link of.
   */
  installer: (app: Pick<App, "id">, target: PageTarget) => Promise<InstallScope | null>;
}

export interface ArtifactView {
  artifact: Artifact;
  /** Null when the visitor may read but not install: see `withheld`. */
  links: ArtifactLinks | null;
  /** Why there are no links: the share link is out of installs, or the file failed validation. */
  withheld: "no-installs-left" | "failed-validation" | null;
  notices: InstallNotice[];
  /** The signer differs from the previous release's (Android): testers must uninstall first. */
  signerChanged: { previous: string; current: string } | null;
  /** The older release of the channel the file comes from, when the shown release has no file of its platform. */
  fromRelease: Release | null;
}

export interface HistoryEntry {
  release: Release;
  notesHtml: string;
  artifacts: { artifact: Artifact; downloadUrl: string | null }[];
}

export interface InstallView {
  app: App;
  pageUrl: string;
  channels: ChannelChoice[];
  selectedChannel: string | null;
  release: Release | null;
  heldBack: boolean;
  notesHtml: string;
  device: Device;
  /** The platform shown first: chosen by hand (?platform=) or detected. */
  platform: Platform | null;
  platformChosen: boolean;
  primary: ArtifactView[];
  others: ArtifactView[];
  iconUrl: string | null;
  history: HistoryEntry[];
  historyNext: string | null;
  publicUrlIsHttps: boolean;
  shareLink: ShareLink | null;
  /** The share link's own URL (/s/{secret}), for a browser without this visitor's share cookie. */
  shareUrl: string | null;
  installsExhausted: boolean;
  /** For the tap beacon and the page-view event. */
  events: { appId: string; releaseId: string | null; channel: string | null; platform: Platform | null; shareLinkId: string | null };
  /** Who else with this URL and device may be shown this very page (page-audience.ts). */
  audience: PageAudience;
  /**
   * The staged rollout under way that decides, by the visitor's device id, which release the page
   * shows, and the side of it this visitor is on; null when every visitor sees the same release.
   */
  rollout: (RolloutSplit & { side: "in" | "out" }) | null;
}

export type InstallViewResult = { kind: "ok"; view: InstallView } | { kind: "not_found" };

/** The page's view model; not_found alike for a missing app, channel or release and an app the visitor may not see. */
export async function loadInstallPageView(store: Store, deps: InstallPageDeps, req: InstallPageRequest): Promise<InstallViewResult> {
  const data = await readInstallPage(store, req, deps.snapshots);
  if (!data) return { kind: "not_found" };
  const target = { channel: req.channel, releaseId: req.releaseId };
  if (data.app.visibility !== "private") return { kind: "ok", view: buildView(data, deps, req, MEMBER_SCOPE) };
  // After the reads: decoding the session (a signed cookie, no store read) costs milliseconds
  // that SQLite's lock need not be held for, and share-link visitors skip it.
  const scope = data.share.link ? await shareLinkScopeOf(store, data.app, data.share.group, target) : await req.installer(data.app, target);
  if (scope === null) return { kind: "not_found" };
  if (scope.kind === "member") return { kind: "ok", view: buildView(data, deps, req, scope) };
  const narrowed = await withinChannels(store, deps, req, data, scope.channels);
  return narrowed ? { kind: "ok", view: buildView(narrowed, deps, req, scope) } : { kind: "not_found" };
}

/**
 * The page as a tester limited to some channels sees it: the app page shows the first of their
 * channels, the channel choice lists theirs only, and the version history (every release of the
 * app) is left out.
 */
async function withinChannels(store: Store, deps: InstallPageDeps, req: InstallPageRequest, data: InstallPageData, given: readonly string[]): Promise<InstallPageData | null> {
  let page: InstallPageData | null = data;
  if (req.channel === null && req.releaseId === null) {
    const shown = defaultChannelWithin(data.channels, given);
    if (shown === null) page = { ...data, channel: null, release: null, heldBack: false };
    else if (shown !== data.channel?.name) page = await readInstallPage(store, { ...req, channel: shown }, deps.snapshots);
  }
  return page && { ...page, channels: page.channels.filter((c) => given.includes(c.name)), history: { items: [], nextCursor: null } };
}

/** The APK's signing certificate digest; what Android compares before it updates an app in place. */
function signerOf(artifact: Artifact): string | null {
  if (artifact.platform !== "android_apk") return null;
  const metadata = metadataOf(artifact);
  return metadata.kind === "apk" ? (metadata.signer?.sha256 ?? null) : null;
}

function buildView(data: InstallPageData, deps: InstallPageDeps, req: InstallPageRequest, scope: InstallScope): InstallView {
  const { app, share, channel, release } = data;
  const base = deps.publicUrl;
  const now = deps.now ?? new Date();
  const device = req.device;
  // A platform the release has no file of is served by an older release of the channel, as the
  // update API serves it (domain/platform-fallback.ts): an iPhone still gets the last iOS build.
  const fromReleaseOf = new Map<string, Release>();
  const fallbackFiles: Artifact[] = [];
  for (const { platform, release: from } of data.fallbacks) {
    for (const file of data.filesOf(from.id)) {
      if (file.platform !== platform || !isInstallable(file)) continue;
      fallbackFiles.push(file);
      fromReleaseOf.set(file.id, from);
    }
  }
  const files = release ? [...data.filesOf(release.id), ...fallbackFiles] : [];
  const chosen = platformSchema.safeParse(req.platform);
  const available = new Set(files.map((a) => a.platform));
  const detected = primaryPlatformFor(device);
  const platform = chosen.success ? chosen.data : detected && available.has(detected) ? detected : (PLATFORMS.find((p) => available.has(p)) ?? null);
  const publicUrlIsHttps = base.startsWith("https:");
  const installable = !share.exhausted;
  const shareLinkId = share.link?.id ?? null;
  const previousSigner = data.previousApk && signerOf(data.previousApk);

  const toView = (artifact: Artifact): ArtifactView => {
    const notices = checkInstallability({ platform: artifact.platform, metadata: artifact.metadata, device, now, publicUrlIsHttps });
    const fromRelease = fromReleaseOf.get(artifact.id) ?? null;
    const signer = signerOf(artifact);
    // The signer check compares the release's own APK with the one before it; an older APK has no such pair.
    const signerChanged = fromRelease === null && signer && previousSigner && previousSigner !== signer ? { previous: previousSigner, current: signer } : null;
    // A file that did not pass validation is never offered, whoever asks.
    const withheld = !isInstallable(artifact) ? "failed-validation" : installable ? null : "no-installs-left";
    return { artifact, links: withheld ? null : deps.links(app, artifact, shareLinkId), withheld, notices, signerChanged, fromRelease };
  };

  const primary = rankArtifactsForDevice(
    device,
    files.filter((a) => a.platform === platform),
  ).map(toView);
  const others = files.filter((a) => a.platform !== platform).map(toView);
  const iconSource = [...primary, ...others].find((v) => v.links?.iconUrl);
  const selectedChannel = channel?.name ?? null;
  const pageUrl = req.releaseId !== null && release ? `${base}/${app.slug}/releases/${release.id}` : req.channel ? `${base}/${app.slug}/${req.channel}` : `${base}/${app.slug}`;
  return {
    app,
    pageUrl,
    channels: data.channels.map((c) => ({ name: c.name, rolloutPercent: c.rolloutPercent, hasRelease: c.currentReleaseId !== null })),
    selectedChannel,
    release,
    heldBack: data.heldBack,
    notesHtml: release ? notesHtml(release.notes) : "",
    device,
    platform,
    platformChosen: chosen.success,
    primary,
    others,
    iconUrl: iconSource?.links?.iconUrl ?? null,
    history: data.history.items.map((entry) => ({
      release: entry,
      notesHtml: notesHtml(entry.notes),
      artifacts: data.filesOf(entry.id).map((artifact) => ({
        artifact,
        downloadUrl: installable && isInstallable(artifact) ? deps.downloadUrl(app, artifact, shareLinkId) : null,
      })),
    })),
    historyNext: data.history.nextCursor,
    publicUrlIsHttps,
    shareLink: share.link,
    shareUrl: share.secret === null ? null : `${base}/s/${encodeURIComponent(share.secret)}`,
    installsExhausted: share.exhausted,
    events: { appId: app.id, releaseId: release?.id ?? null, channel: selectedChannel, platform, shareLinkId },
    audience: audienceOfPage(app, share, scope),
    rollout:
      channel !== null && release !== null && stagedFallbackId(channel) !== null
        ? { channelId: channel.id, percent: channel.rolloutPercent, side: release.id === channel.currentReleaseId ? "in" : "out" }
        : null,
  };
}
