import type { FormatResult, InspectContext } from "./context";
import { errorMessage } from "./errors";
import { toIcon } from "./icon";
import { decodeXmlBytes, findElement, parseXml, textContent } from "./mini-xml";
import { isDict, parsePlist, stringOf } from "./plist";
import type { InspectedIcon } from "./types";
import type { ZipArchive } from "./zip-reader";

const APP_INFO_PLIST = /^(?:[^/]+\/)?([^/]+)\.app\/Contents\/Info\.plist$/;

/** A plain .zip: a zipped macOS .app (Info.plist facts + icns icon), a .nupkg (nuspec), or just an archive. */
export async function inspectZip(ctx: InspectContext, zip: ZipArchive): Promise<FormatResult> {
  const entries = zip.entries();
  const infoEntry = entries.find((e) => APP_INFO_PLIST.test(e.name) && !e.name.startsWith("__MACOSX/"));
  if (infoEntry) {
    try {
      const info = parsePlist(await zip.read(infoEntry, ctx.limits.maxPlistBytes), ctx.limits);
      if (isDict(info)) {
        const appDir = infoEntry.name.slice(0, -"Contents/Info.plist".length);
        const iconFile = stringOf(info.CFBundleIconFile);
        return {
          metadata: {
            contents: "macos-app",
            appBundle: appDir.slice(0, -1),
            bundleId: stringOf(info.CFBundleIdentifier),
            shortVersion: stringOf(info.CFBundleShortVersionString),
            build: stringOf(info.CFBundleVersion),
            displayName: stringOf(info.CFBundleDisplayName) ?? stringOf(info.CFBundleName),
            minimumOsVersion: stringOf(info.LSMinimumSystemVersion),
            entryCount: zip.entryCount,
          },
          icon: iconFile ? await icnsIcon(ctx, zip, `${appDir}Contents/Resources/${iconFile.replace(/\.icns$/, "")}.icns`) : undefined,
        };
      }
    } catch (error) {
      ctx.warnings.push(`${infoEntry.name} could not be read: ${errorMessage(error)}`);
    }
  }
  const nuspec = entries.find((e) => /^[^/]+\.nuspec$/.test(e.name));
  if (nuspec) {
    const root = parseXml(decodeXmlBytes(await zip.read(nuspec, 1024 * 1024)), { maxElements: 10_000, maxDepth: ctx.limits.maxDepth });
    const text = (local: string) => {
      const element = findElement(root, local);
      return element ? textContent(element).trim() : undefined;
    };
    return { metadata: { contents: "nupkg", id: text("id"), version: text("version"), title: text("title"), authors: text("authors") } };
  }
  return { metadata: { contents: "archive", entryCount: zip.entryCount } };
}

/** .icns: `icns` + length, then (type, length, data) elements; ic07..ic14 hold PNG (or JPEG 2000). */
async function icnsIcon(ctx: InspectContext, zip: ZipArchive, path: string): Promise<InspectedIcon | undefined> {
  const entry = zip.get(path);
  if (!entry || entry.uncompressedSize > 16 * 1024 * 1024) return undefined;
  const icns = await zip.read(entry);
  let best: InspectedIcon | undefined;
  for (let at = 8; at + 8 <= icns.length; ) {
    const length = icns.readUInt32BE(at + 4);
    if (length < 8 || at + length > icns.length) break;
    const icon = toIcon(icns.subarray(at + 8, at + length), ctx.limits.maxIconPixels);
    if (typeof icon !== "string" && (icon.width ?? 0) <= 1024 && (icon.width ?? 0) > (best?.width ?? 0)) best = icon;
    at += length;
  }
  return best;
}
