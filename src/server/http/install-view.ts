import type { App } from "@/domain/app";
import { type Artifact, isInstallable } from "@/domain/artifact";
import { type Device, primaryPlatformFor, rankArtifactsForDevice, visitorDevice } from "@/domain/device";
import { renderReleaseNotes } from "@/domain/markdown";
import { type Platform, PLATFORMS, platformSchema } from "@/domain/platform";
import { checkInstallability, type InstallNotice } from "@/domain/preinstall";
import type { Release } from "@/domain/release";
import type { ShareLink } from "@/domain/share-link";
import { env } from "@/env";
import {
  type ChannelChoice,
  canViewApp,
  loadHistory,
  loadRelease,
  previousArtifactFor,
  
  resolveChannelTarget,
} from "../services/install-page";
import type { ReleaseWithArtifacts } from "../services/releases";
import { resolveShareLink } from "../services/share-links";
import type { Store } from "../store/types";
import { DEVICE_COOKIE } from "./device-cookie";
import { type ArtifactLinks, artifactLinks } from "./install-links";
import { shareCookieName } from "./share-cookie";

// Everything an install page shows, computed from the request (user agent, client hints, cookies,
// query) and the store. React components only lay it out.

export interface InstallRequest {
  slug: string;
  /** A channel page, or null for the app page (its default channel). */
  channel: string | null;
  /** A release page. */
  releaseId: string | null;
  headers: { get(name: string): string | null };
  cookies: { get(name: string): { value: string } | undefined };
  search: { platform?: string; device?: string; before?: string };
  /** Resolves the signed-in user lazily: only private apps need it. */
  userId: () => Promise<string | null>;
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
  /** The page is the same for every visitor with this device and URL: a public or unlisted app, no share link, no partial rollout. */
  sameForAllVisitors: boolean;
  /** Which release the visitor sees depends on their device id (a staged rollout is under way). */
  variesByDeviceId: boolean;
}

export type InstallViewResult = { kind: "ok"; view: InstallView } | { kind: "not_found" };

const notesCache = new Map<string, string>();
/** Markdown rendering is the page's costliest step; notes rarely change, so keep the last few hundred. */
function notesHtml(markdown: string): string {
  let html = notesCache.get(markdown);
  if (html === undefined) {
    html = renderReleaseNotes(markdown);
    if (notesCache.size >= 500) notesCache.delete(notesCache.keys().next().value as string);
    notesCache.set(markdown, html);
  }
  return html;
}

async function viewerShareLink(store: Store, app: App, req: InstallRequest): Promise<{ link: ShareLink | null; secret: string | null; exhausted: boolean }> {
  const raw = req.cookies.get(shareCookieName(app.slug))?.value;
  if (!raw) return { link: null, secret: null, exhausted: false };
  const result = await resolveShareLink(store, raw);
  if (!result.ok || result.link.appId !== app.id) return { link: null, secret: null, exhausted: false };
  return { link: result.link, secret: raw, exhausted: "exhausted" in result };
}

function deviceFor(req: InstallRequest): Device {
  return visitorDevice(req.headers, req.search.device);
}

export async function loadInstallView(store: Store, req: InstallRequest): Promise<InstallViewResult> {
  const app = await store.apps.getBySlug(req.slug);
  if (!app) return { kind: "not_found" };
  const share = await viewerShareLink(store, app, req);
  const userId = app.visibility === "private" && !share.link ? await req.userId() : null;
  if (!canViewApp(app, { userId, shareLink: share.link })) return { kind: "not_found" };

  const base = env().publicUrl;
  const deviceId = req.cookies.get(DEVICE_COOKIE)?.value ?? null;
  let channels: ChannelChoice[];
  let selectedChannel: string | null = null;
  let current: ReleaseWithArtifacts | null;
  let heldBack = false;
  let variesByDeviceId = false;
  let pageUrl: string;
  if (req.releaseId) {
    channels = (await resolveChannelTarget(store, app, null, null)).channels;
    current = await loadRelease(store, app, req.releaseId);
    if (!current) return { kind: "not_found" };
    pageUrl = `${base}/${app.slug}/releases/${current.release.id}`;
  } else {
    const resolved = await resolveChannelTarget(store, app, req.channel, deviceId);
    if (req.channel && !resolved.channel) return { kind: "not_found" };
    channels = resolved.channels;
    selectedChannel = resolved.channel?.name ?? null;
    current = resolved.target;
    heldBack = resolved.target?.heldBack ?? false;
    variesByDeviceId = resolved.channel !== null && resolved.channel.rolloutPercent < 100;
    pageUrl = req.channel ? `${base}/${app.slug}/${req.channel}` : `${base}/${app.slug}`;
  }

  const device = deviceFor(req);
  const chosen = platformSchema.safeParse(req.search.platform);
  const available = new Set(current?.artifacts.map((a) => a.platform) ?? []);
  const detected = primaryPlatformFor(device);
  const platform = chosen.success ? chosen.data : detected && available.has(detected) ? detected : (PLATFORMS.find((p) => available.has(p)) ?? null);
  const publicUrlIsHttps = base.startsWith("https:");
  const installable = !share.exhausted;
  const now = new Date();

  const toView = async (artifact: Artifact): Promise<ArtifactView> => {
    const notices = checkInstallability({ platform: artifact.platform, metadata: artifact.metadata, device, now, publicUrlIsHttps });
    let signerChanged: ArtifactView["signerChanged"] = null;
    const signer = signerOf(artifact);
    if (artifact.platform === "android_apk" && signer && current) {
      const previous = await previousArtifactFor(store, app, current.release, "android_apk");
      const before = previous && signerOf(previous);
      if (before && before !== signer) signerChanged = { previous: before, current: signer };
    }
    // A file that did not pass validation is never offered, whoever asks.
    const withheld = !isInstallable(artifact) ? "failed-validation" : installable ? null : "no-installs-left";
    return { artifact, links: withheld ? null : artifactLinks(app, artifact, share.link?.id ?? null), withheld, notices, signerChanged };
  };

  const files = current?.artifacts ?? [];
  const primaryFiles = rankArtifactsForDevice(device, files.filter((a) => a.platform === platform));
  const primary = await Promise.all(primaryFiles.map(toView));
  const others = await Promise.all(files.filter((a) => a.platform !== platform).map(toView));
  const iconSource = [...primary, ...others].find((v) => v.links?.iconUrl);

  const history = await loadHistory(store, app, req.search.before);
  return {
    kind: "ok",
    view: {
      app,
      pageUrl,
      channels,
      selectedChannel,
      release: current?.release ?? null,
      heldBack,
      notesHtml: current ? notesHtml(current.release.notes) : "",
      device,
      platform,
      platformChosen: chosen.success,
      primary,
      others,
      iconUrl: iconSource?.links?.iconUrl ?? null,
      history: history.items.map(({ release, artifacts }) => ({
        release,
        notesHtml: notesHtml(release.notes),
        artifacts: artifacts.map((artifact) => ({ artifact, downloadUrl: installable && isInstallable(artifact) ? artifactLinks(app, artifact, share.link?.id ?? null).downloadUrl : null })),
      })),
      historyNext: history.nextCursor,
      publicUrlIsHttps,
      shareLink: share.link,
      shareUrl: share.secret === null ? null : `${base}/s/${encodeURIComponent(share.secret)}`,
      installsExhausted: share.exhausted,
      events: { appId: app.id, releaseId: current?.release.id ?? null, channel: selectedChannel, platform, shareLinkId: share.link?.id ?? null },
      sameForAllVisitors: app.visibility !== "private" && share.link === null,
      variesByDeviceId,
    },
  };
}

function signerOf(artifact: Artifact): string | null {
  const sha = (artifact.metadata.signer as { sha256?: unknown } | null | undefined)?.sha256;
  return typeof sha === "string" ? sha : null;
}
