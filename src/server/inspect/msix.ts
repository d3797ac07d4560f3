import type { FormatResult, InspectContext } from "./context";
import { check } from "./errors";
import { toIcon } from "./icon";
import { childElements, decodeXmlBytes, findElement, firstChild, parseXml, textContent, type XmlElement } from "./mini-xml";
import type { InspectedIcon } from "./types";
import type { ZipArchive } from "./zip-reader";

const MAX_MANIFEST = 4 * 1024 * 1024;

/** .msix/.appx (AppxManifest.xml) and .msixbundle/.appxbundle (AppxMetadata/AppxBundleManifest.xml). */
export async function inspectMsix(ctx: InspectContext, zip: ZipArchive): Promise<FormatResult> {
  const signed = zip.get("AppxSignature.p7x") !== undefined;
  if (!signed) ctx.warnings.push("the package is not signed (no AppxSignature.p7x): Windows installs it only in developer mode");
  const bundleEntry = zip.get("AppxMetadata/AppxBundleManifest.xml");
  const manifestEntry = zip.get("AppxManifest.xml");
  const entry = manifestEntry ?? bundleEntry;
  check(entry, "no AppxManifest.xml or AppxBundleManifest.xml in the package");
  const root = parseXml(decodeXmlBytes(await zip.read(entry, MAX_MANIFEST)), { maxElements: 100_000, maxDepth: ctx.limits.maxDepth });
  const identity = firstChild(root, "Identity");
  check(identity?.attrs.Name && identity.attrs.Publisher && identity.attrs.Version, "package manifest has no complete <Identity>");
  const common = {
    identityName: identity.attrs.Name,
    publisher: identity.attrs.Publisher,
    version: identity.attrs.Version,
    signed,
  };
  if (!manifestEntry) {
    const packages = findElement(root, "Packages");
    return {
      metadata: {
        ...common,
        bundle: true,
        packages: (packages ? childElements(packages, "Package") : []).map((p) => ({
          type: p.attrs.Type,
          version: p.attrs.Version,
          processorArchitecture: p.attrs.Architecture,
          fileName: p.attrs.FileName,
        })),
      },
    };
  }
  const properties = firstChild(root, "Properties");
  const text = (parent: XmlElement | undefined, local: string) => {
    const element = parent ? firstChild(parent, local) : undefined;
    return element ? textContent(element).trim() : undefined;
  };
  const family = findElement(root, "TargetDeviceFamily");
  const logo = text(properties, "Logo");
  return {
    metadata: {
      ...common,
      bundle: false,
      processorArchitecture: identity.attrs.ProcessorArchitecture ?? "neutral",
      displayName: text(properties, "DisplayName"),
      publisherDisplayName: text(properties, "PublisherDisplayName"),
      targetDeviceFamily: family && {
        name: family.attrs.Name,
        minVersion: family.attrs.MinVersion,
        maxVersionTested: family.attrs.MaxVersionTested,
      },
    },
    icon: logo ? await findLogo(ctx, zip, logo) : undefined,
  };
}

/** The logo path may be stored as-is or with scale qualifiers (StoreLogo.scale-200.png). */
async function findLogo(ctx: InspectContext, zip: ZipArchive, logo: string): Promise<InspectedIcon | undefined> {
  const path = logo.replace(/\\/g, "/");
  const stem = path.replace(/\.png$/i, "");
  const candidates = zip
    .entries()
    .filter((e) => e.name === path || (e.name.startsWith(`${stem}.`) && /\.png$/i.test(e.name)))
    .sort((a, b) => scale(b.name) - scale(a.name));
  for (const entry of candidates.slice(0, 4)) {
    if (entry.uncompressedSize > 4 * 1024 * 1024) continue;
    const icon = toIcon(await zip.read(entry), ctx.limits.maxIconPixels);
    if (typeof icon !== "string") return icon;
  }
  ctx.warnings.push(`logo ${logo} not found or not a PNG`);
  return undefined;
}

function scale(name: string): number {
  const match = /scale-(\d+)/.exec(name);
  return match ? Number(match[1]) : 100;
}
