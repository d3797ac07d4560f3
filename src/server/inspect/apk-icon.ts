import { attribute, attributeValue, isBinaryXml, parseBinaryXml } from "./android-binary-xml";
import type { ResourceTable } from "./android-resources";
import type { InspectContext } from "./context";
import { errorMessage } from "./errors";
import { toIcon } from "./icon";
import type { InspectedIcon } from "./types";
import type { ZipArchive } from "./zip-reader";

const ATTR_DRAWABLE = 0x01010199;
const MAX_ICON_FILE = 8 * 1024 * 1024;
const DIR_DENSITY: Record<string, number> = { ldpi: 120, mdpi: 160, tvdpi: 213, hdpi: 240, xhdpi: 320, xxhdpi: 480, xxxhdpi: 640 };

interface IconFile {
  path: string;
  density: number;
}

/**
 * The launcher icon as a PNG. The manifest's icon may resolve to an adaptive-icon XML (minSdk >= 26):
 * then we follow its <foreground> drawable, and as a last resort take the largest ic_launcher*.png.
 * Anything that is not a real PNG (binary XML, WebP, vectors) is never returned.
 */
export async function findApkIcon(ctx: InspectContext, zip: ZipArchive, resources: ResourceTable | undefined, iconIds: number[]): Promise<InspectedIcon | undefined> {
  const problems: string[] = [];
  const tried = new Set<string>();

  const tryFiles = async (files: IconFile[], depth: number): Promise<InspectedIcon | undefined> => {
    const ordered = [...files].sort((a, b) => rank(b) - rank(a));
    for (const file of ordered) {
      if (tried.has(file.path) || tried.size > 16) continue;
      tried.add(file.path);
      const entry = zip.get(file.path);
      if (!entry || entry.uncompressedSize > MAX_ICON_FILE) continue;
      const bytes = await zip.read(entry);
      if (isBinaryXml(bytes)) {
        const foreground = depth < 3 && resources ? foregroundDrawable(ctx, bytes) : undefined;
        if (foreground !== undefined) {
          const icon = await tryFiles(filesFor(resources, foreground), depth + 1);
          if (icon) return icon;
        }
        problems.push(`${file.path} is XML`);
        continue;
      }
      const icon = toIcon(bytes, ctx.limits.maxIconPixels);
      if (typeof icon !== "string") return icon;
      problems.push(`${file.path}: ${bytes.subarray(0, 4).toString("latin1") === "RIFF" ? "WebP is not converted" : icon}`);
    }
    return undefined;
  };

  for (const id of iconIds) {
    const icon = await tryFiles(filesFor(resources, id), 0);
    if (icon) return icon;
  }
  const fallback = zip
    .entries()
    .filter((e) => /^res\/(mipmap|drawable)[^/]*\/ic_launcher[^/]*\.png$/.test(e.name))
    .map((e) => ({ path: e.name, density: dirDensity(e.name) - (e.name.includes("foreground") ? 1 : 0) }));
  const icon = await tryFiles(fallback, 0);
  if (icon) return icon;
  ctx.warnings.push(problems.length ? `no usable PNG launcher icon (${problems.join("; ")})` : "no launcher icon found");
  return undefined;
}

function rank(file: IconFile): number {
  const png = /\.png$/i.test(file.path) ? 100_000 : 0;
  const density = file.density === 0 ? 160 : file.density >= 0xfffe ? 0 : file.density;
  return png + density;
}

function dirDensity(path: string): number {
  const qualifier = /-(ldpi|mdpi|tvdpi|hdpi|xhdpi|xxhdpi|xxxhdpi)(?:-|\/)/.exec(path);
  return qualifier ? (DIR_DENSITY[qualifier[1] ?? ""] ?? 160) : 160;
}

/** File paths a drawable/mipmap id points to in every configuration, following references. */
function filesFor(resources: ResourceTable | undefined, id: number, depth = 0): IconFile[] {
  if (!resources || depth > 8) return [];
  return resources.resolve(id).flatMap((value) => {
    if (value.string !== undefined) return [{ path: value.string, density: value.config.density }];
    if (value.type === 0x01) return filesFor(resources, value.data, depth + 1);
    return [];
  });
}

function foregroundDrawable(ctx: InspectContext, bytes: Buffer): number | undefined {
  try {
    const root = parseBinaryXml(bytes, { maxElements: 10_000, maxDepth: ctx.limits.maxDepth });
    if (root.name !== "adaptive-icon") return undefined;
    const foreground = root.children.find((c) => c.name === "foreground");
    const value = foreground ? attributeValue(attribute(foreground, ATTR_DRAWABLE, "drawable")) : undefined;
    return typeof value === "object" ? value.ref : undefined;
  } catch (error) {
    ctx.warnings.push(`adaptive icon XML could not be read: ${errorMessage(error)}`);
    return undefined;
  }
}
