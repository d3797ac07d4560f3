import { ARTIFACT_FORMATS, ARTIFACT_KINDS, type ArtifactKind, kindFromFilename, type Magic } from "@/domain/artifact-formats";
import type { ArtifactSource } from "./artifact-source";
import type { ZipArchive } from "./zip-reader";

export type { Magic };

/** The byte tests behind each signature domain/artifact-formats.ts names (MAGICS); order matters where they overlap. */
export async function sniffMagic(source: ArtifactSource): Promise<Magic | undefined> {
  const head = await source.readUpTo(0, 1040);
  const ascii = (start: number, end: number) => head.toString("latin1", start, end);
  const hex = (start: number, end: number) => head.toString("hex", start, end);
  if (hex(0, 4) === "504b0304" || hex(0, 4) === "504b0506") return "zip";
  if (ascii(0, 2) === "MZ") return "pe";
  if (ascii(0, 8) === "!<arch>\n") return ascii(8, 21) === "debian-binary" ? "deb" : undefined;
  if (hex(0, 4) === "edabeedb") return "rpm";
  if (hex(0, 4) === "7f454c46") return ascii(8, 10) === "AI" ? "appimage" : "elf";
  if (hex(0, 8) === "d0cf11e0a1b11ae1") return "cfb";
  if (ascii(0, 4) === "xar!") return "xar";
  if (ascii(0, 4) === "hsqs") return "squashfs";
  if (ascii(0, 8) === "encrcdsa") return "encrypted-dmg";
  if (hex(0, 3) === "1f8b08") return "gzip";
  if (hex(0, 6) === "fd377a585a00") return "xz";
  if (hex(0, 4) === "28b52ffd") return "zstd";
  if (ascii(0, 3) === "BZh") return "bzip2";
  if (ascii(257, 262) === "ustar") return "tar";
  if (source.size >= 512) {
    const tail = await source.read(source.size - 512, 512);
    if (tail.toString("latin1", 0, 4) === "koly") return "udif";
    if (tail.toString("latin1", 0, 8) === "cdsaencr") return "encrypted-dmg";
  }
  if (ascii(1024, 1026) === "H+" || ascii(1024, 1026) === "HX") return "hfs";
  if (ascii(32, 36) === "NXSB") return "apfs";
  return undefined;
}

/** The kind a signature makes a file (domain/artifact-formats.ts); zip-based kinds are refined by zipContentKind. */
export function kindFromMagic(magic: Magic | undefined): ArtifactKind | undefined {
  if (magic === undefined) return undefined;
  return ARTIFACT_KINDS.find((kind) => ARTIFACT_FORMATS[kind].zipMarker === undefined && ARTIFACT_FORMATS[kind].magic.includes(magic));
}

/** The kind a file name says, by the longest ending the format table knows. */
export const kindFromExtension = kindFromFilename;

export type ZipKind = "ipa" | "apk" | "aab" | "msix" | "zip";

export const IPA_INFO_PLIST = /^Payload\/[^/]+\.app\/Info\.plist$/;

/** Which zip-based format the entry names say this is. */
export function zipContentKind(zip: ZipArchive): ZipKind {
  if (zip.get("AndroidManifest.xml")) return "apk";
  if (zip.get("base/manifest/AndroidManifest.xml")) return "aab";
  if (zip.get("AppxManifest.xml") || zip.get("AppxMetadata/AppxBundleManifest.xml")) return "msix";
  if (zip.entries().some((entry) => IPA_INFO_PLIST.test(entry.name))) return "ipa";
  return "zip";
}
