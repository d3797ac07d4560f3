import { PLATFORMS, type Platform } from "./platform";

// The one table of file formats Shipyard accepts: which endings an upload may have per platform,
// which signatures inspection recognises (src/server/inspect/sniff.ts reads the bytes), which
// platforms a kind belongs to and the Content-Type its downloads get. Upload checks, inspection,
// the admin console and the publish flow all derive from it, so a format is added or removed here.

export const ARTIFACT_KINDS = ["ipa", "apk", "aab", "deb", "rpm", "msi", "exe", "msix", "appimage", "dmg", "pkg", "zip", "tar", "snap"] as const;
/** What the bytes are, decided by magic bytes first and the file name second. */
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];
/** What inspection says of a file: a kind, or "unknown" when no signature matched. */
export type InspectedKind = ArtifactKind | "unknown";

/** Container signatures sniff.ts recognises at fixed offsets (named here, tested there). */
export const MAGICS = ["zip", "pe", "deb", "rpm", "appimage", "elf", "cfb", "xar", "udif", "encrypted-dmg", "hfs", "apfs", "squashfs", "gzip", "xz", "zstd", "bzip2", "tar"] as const;
export type Magic = (typeof MAGICS)[number];

export interface ArtifactFormat {
  /** Shown on the release page. */
  label: string;
  /** Lower-case file name endings, accepted on every platform of the kind unless `narrowed`. */
  extensions: readonly string[];
  platforms: readonly Platform[];
  /** Endings accepted on fewer platforms than their kind (e.g. Squirrel's .nupkg is a Windows zip). */
  narrowed?: Readonly<Record<string, readonly Platform[]>>;
  /** The signatures that make a file this kind. Zip-based kinds share "zip" and are told apart by `zipMarker`. */
  magic: readonly Magic[];
  /** The entry that marks a zip as this kind (sniff.zipContentKind), for kinds that are zips inside. */
  zipMarker?: string;
  /** The Content-Type testers' devices expect when they download it. */
  contentType: string;
}

const OCTET = "application/octet-stream";

export const ARTIFACT_FORMATS: Readonly<Record<ArtifactKind, ArtifactFormat>> = {
  ipa: { label: "iOS app (IPA)", extensions: [".ipa"], platforms: ["ios"], magic: ["zip"], zipMarker: "Payload/*.app/Info.plist", contentType: OCTET },
  apk: {
    label: "Android app (APK)",
    extensions: [".apk"],
    platforms: ["android_apk"],
    magic: ["zip"],
    zipMarker: "AndroidManifest.xml",
    contentType: "application/vnd.android.package-archive",
  },
  // Stored as a downloadable attachment only: Android cannot install a bundle directly.
  aab: { label: "Android App Bundle (AAB)", extensions: [".aab"], platforms: ["android_apk"], magic: ["zip"], zipMarker: "base/manifest/AndroidManifest.xml", contentType: OCTET },
  deb: { label: "Debian package", extensions: [".deb"], platforms: ["linux"], magic: ["deb"], contentType: "application/vnd.debian.binary-package" },
  rpm: { label: "RPM package", extensions: [".rpm"], platforms: ["linux"], magic: ["rpm"], contentType: "application/x-rpm" },
  appimage: { label: "AppImage", extensions: [".appimage"], platforms: ["linux"], magic: ["appimage"], contentType: OCTET },
  snap: { label: "Snap package", extensions: [".snap"], platforms: ["linux"], magic: ["squashfs"], contentType: OCTET },
  msi: { label: "Windows Installer (MSI)", extensions: [".msi"], platforms: ["windows"], magic: ["cfb"], contentType: "application/x-msi" },
  exe: { label: "Windows executable", extensions: [".exe"], platforms: ["windows"], magic: ["pe"], contentType: OCTET },
  msix: {
    label: "MSIX package",
    extensions: [".msix", ".msixbundle", ".appx", ".appxbundle"],
    platforms: ["windows"],
    magic: ["zip"],
    zipMarker: "AppxManifest.xml or AppxMetadata/AppxBundleManifest.xml",
    contentType: OCTET,
  },
  dmg: { label: "Disk image (DMG)", extensions: [".dmg"], platforms: ["macos"], magic: ["udif", "encrypted-dmg", "hfs", "apfs"], contentType: "application/x-apple-diskimage" },
  pkg: { label: "macOS installer package", extensions: [".pkg"], platforms: ["macos"], magic: ["xar"], contentType: OCTET },
  zip: {
    label: "Zip archive",
    extensions: [".zip", ".nupkg"],
    platforms: ["macos", "windows", "linux"],
    narrowed: { ".nupkg": ["windows"] },
    magic: ["zip"],
    contentType: "application/zip",
  },
  // macOS takes the gzip forms only; the rest keep a Linux-only ending so a name still tells its platform.
  tar: {
    label: "Tar archive",
    extensions: [".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.zst", ".tar.bz2", ".tar"],
    platforms: ["macos", "linux"],
    narrowed: { ".tar.xz": ["linux"], ".txz": ["linux"], ".tar.zst": ["linux"], ".tar.bz2": ["linux"], ".tar": ["linux"] },
    magic: ["gzip", "xz", "zstd", "bzip2", "tar"],
    contentType: OCTET,
  },
};

/**
 * What a download button calls a file, by its ending: the name people know the format by, as it is
 * written ("AppImage", "tar.gz"), not the ending upper-cased ("APPIMAGE", "GZ"). Every ending of
 * the table above has one (a unit test holds it to that).
 */
export const FORMAT_NAMES: Readonly<Record<string, string>> = {
  ".ipa": "IPA",
  ".apk": "APK",
  ".aab": "AAB",
  ".deb": "DEB",
  ".rpm": "RPM",
  ".appimage": "AppImage",
  ".snap": "Snap",
  ".msi": "MSI",
  ".exe": "EXE",
  ".msix": "MSIX",
  ".msixbundle": "MSIX bundle",
  ".appx": "APPX",
  ".appxbundle": "APPX bundle",
  ".dmg": "DMG",
  ".pkg": "PKG",
  ".zip": "ZIP",
  ".nupkg": "NuGet package",
  ".tar.gz": "tar.gz",
  ".tgz": "tgz",
  ".tar.xz": "tar.xz",
  ".txz": "txz",
  ".tar.zst": "tar.zst",
  ".tar.bz2": "tar.bz2",
  ".tar": "tar",
};

/**
 * Endings Shipyard once accepted or that people try, and why it refuses them now. Artifacts stored
 * under them still download (their rows keep their content type); only new uploads are refused.
 */
export const REFUSED_EXTENSIONS: Readonly<Record<string, { platform: Platform; why: string }>> = {
  ".flatpak": { platform: "linux", why: "Flatpak bundles are not accepted: Shipyard cannot read what is inside them, so it could not check them" },
};

const ENTRIES = ARTIFACT_KINDS.flatMap((kind) =>
  ARTIFACT_FORMATS[kind].extensions.map((extension) => ({ kind, extension, platforms: ARTIFACT_FORMATS[kind].narrowed?.[extension] ?? ARTIFACT_FORMATS[kind].platforms })),
).sort((a, b) => b.extension.length - a.extension.length);

const endsWith = (filename: string, extension: string) => {
  const lower = filename.toLowerCase();
  return lower.endsWith(extension) && lower.length > extension.length;
};

/** The kind a file name says (its longest known ending), or undefined. */
export function kindFromFilename(filename: string): { extension: string; kind: ArtifactKind } | undefined {
  const entry = ENTRIES.find((e) => endsWith(filename, e.extension));
  return entry && { extension: entry.extension, kind: entry.kind };
}

/** The format name of a file by its longest known ending ("AppImage", "tar.gz"), or undefined for an unknown one. */
export function formatNameOf(filename: string): string | undefined {
  const known = kindFromFilename(filename);
  return known && FORMAT_NAMES[known.extension];
}

/** File name endings accepted per platform, longest first within a kind's order. */
export function extensionsFor(platform: Platform): string[] {
  return ARTIFACT_KINDS.flatMap((kind) => ARTIFACT_FORMATS[kind].extensions.filter((ext) => (ARTIFACT_FORMATS[kind].narrowed?.[ext] ?? ARTIFACT_FORMATS[kind].platforms).includes(platform)));
}

export function fileExtensionAllowed(platform: Platform, filename: string): boolean {
  return ENTRIES.some((e) => e.platforms.includes(platform) && endsWith(filename, e.extension));
}

/** The platforms a file name can be published for (several for .zip and .tar.gz, none for an unknown ending). */
export function platformsForFilename(filename: string): Platform[] {
  return PLATFORMS.filter((p) => fileExtensionAllowed(p, filename));
}

/** The platform a file name implies, or null when the ending fits several (.zip, .tar.gz) or none. */
export function inferPlatform(filename: string): Platform | null {
  const matches = platformsForFilename(filename);
  return matches.length === 1 ? (matches[0] ?? null) : null;
}

/** The Content-Type of a new artifact, by its kind; octet-stream for anything the table does not name. */
export function contentTypeFor(platform: Platform, filename: string): string {
  const entry = ENTRIES.find((e) => e.platforms.includes(platform) && endsWith(filename, e.extension));
  return entry ? ARTIFACT_FORMATS[entry.kind].contentType : OCTET;
}

/** The platforms each kind can be published for. */
export function platformsOfKind(kind: InspectedKind): readonly Platform[] {
  return kind === "unknown" ? [] : ARTIFACT_FORMATS[kind].platforms;
}

/** Why a file name cannot be uploaded for `platform` (or for any platform, when none is given), or null. */
export function uploadFilenameProblem(filename: string, platform: Platform | undefined): string | null {
  if (platform ? fileExtensionAllowed(platform, filename) : platformsForFilename(filename).length > 0) return null;
  const lower = filename.toLowerCase();
  const refused = Object.entries(REFUSED_EXTENSIONS).find(([ext]) => lower.endsWith(ext))?.[1];
  const accepted = (p: Platform) => `${p} files end in ${extensionsFor(p).join(", ")}`;
  const name = JSON.stringify(filename);
  if (refused) return `${refused.why}; ${accepted(platform ?? refused.platform)}`;
  if (platform) return `${name} is not a ${platform} file: ${accepted(platform)}`;
  return `${name} is not a file type Shipyard publishes: ${PLATFORMS.map(accepted).join("; ")}`;
}
