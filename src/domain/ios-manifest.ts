import type { App } from "./app";
import { type Artifact, iconDigestOf } from "./artifact";
import { metadataOf } from "./metadata-reader";
import type { Release } from "./release";
import { formatRelease } from "./release-label";
import { escapeXml } from "./xml";

// The manifest iOS fetches after a tap on an itms-services link. It is generated per request
// because every URL in it carries a grant: the installer daemon sends no cookies. The layout
// follows Apple's enterprise distribution manifest (see fixtures/ios/manifest-example.plist).

export interface InstallManifestInput {
  /** Must equal the IPA's CFBundleIdentifier exactly, or iOS refuses the install. */
  bundleId: string;
  /** CFBundleShortVersionString. */
  bundleVersion: string;
  /** Shown in the "would like to install" prompt and under the Home Screen icon while it loads. */
  title: string;
  subtitle?: string;
  ipaUrl: string;
  /** 57×57 PNG shown on the Home Screen during the download. */
  displayImageUrl?: string;
  /** 512×512 PNG. */
  fullSizeImageUrl?: string;
}

const HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n' + '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n';

function dict(entries: readonly (readonly [string, string])[]): string {
  return `<dict>${entries.map(([key, value]) => `<key>${escapeXml(key)}</key><string>${escapeXml(value)}</string>`).join("")}</dict>`;
}

export function buildInstallManifest(input: InstallManifestInput): string {
  const assets: [string, string][] = [["software-package", input.ipaUrl]];
  if (input.displayImageUrl !== undefined) assets.push(["display-image", input.displayImageUrl]);
  if (input.fullSizeImageUrl !== undefined) assets.push(["full-size-image", input.fullSizeImageUrl]);

  const metadata: [string, string][] = [
    ["bundle-identifier", input.bundleId],
    ["bundle-version", input.bundleVersion],
    ["kind", "software"],
    ["title", input.title],
  ];
  if (input.subtitle !== undefined) metadata.push(["subtitle", input.subtitle]);

  return (
    HEADER +
    '<plist version="1.0"><dict><key>items</key><array><dict>\n' +
    "  <key>assets</key><array>\n" +
    assets
      .map(
        ([kind, url]) =>
          `    ${dict([
            ["kind", kind],
            ["url", url],
          ])}\n`,
      )
      .join("") +
    "  </array>\n" +
    `  <key>metadata</key>${dict(metadata)}\n` +
    "</dict></array></dict></plist>\n"
  );
}

const given = (value: string | undefined): string | undefined => (value ? value : undefined);

/**
 * What the manifest of a build says: what inspection read from the IPA first (iOS compares the
 * bundle id with the IPA's own), then the app's settings and the release. The icon is offered
 * only when the build has one.
 */
export function manifestInputFor(input: {
  app: Pick<App, "displayName" | "bundleIds">;
  artifact: Artifact;
  release: Pick<Release, "version" | "build"> | null;
  ipaUrl: string;
  iconUrl: string;
}): InstallManifestInput {
  const { app, artifact, release } = input;
  const meta = metadataOf(artifact);
  const ipa = meta.kind === "ipa" ? meta : undefined;
  const hasIcon = iconDigestOf(artifact.metadata) !== null;
  return {
    bundleId: given(ipa?.bundleId) ?? app.bundleIds.ios ?? "",
    bundleVersion: given(ipa?.shortVersion) ?? release?.version ?? "0",
    title: given(ipa?.displayName) ?? app.displayName,
    ...(release && { subtitle: formatRelease(release) }),
    ipaUrl: input.ipaUrl,
    ...(hasIcon && { displayImageUrl: input.iconUrl, fullSizeImageUrl: input.iconUrl }),
  };
}

/**
 * The link that starts an over-the-air install. The manifest URL is percent-encoded as a whole:
 * left raw, its own "&token=…" would become a parameter of the itms-services URL.
 */
export function itmsServicesLink(manifestUrl: string): string {
  return `itms-services://?action=download-manifest&url=${encodeURIComponent(manifestUrl)}`;
}
