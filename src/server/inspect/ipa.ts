import type { FormatResult, InspectContext } from "./context";
import { check, errorMessage, invalid } from "./errors";
import { toIcon } from "./icon";
import { parseProvisioningProfile, type ProvisioningProfile } from "./mobileprovision";
import { dictOf, isDict, parsePlist, stringOf, stringsOf, type PlistDict } from "./plist";
import { IPA_INFO_PLIST } from "./sniff";
import type { InspectedIcon } from "./types";
import type { ZipArchive, ZipEntry } from "./zip-reader";

const DEVICE_FAMILIES: Record<number, string> = { 1: "iphone", 2: "ipad", 3: "tv", 4: "watch", 6: "mac", 7: "vision" };

/** IPA: the top-level bundle's Info.plist, its embedded.mobileprovision, and its best AppIcon PNG. */
export async function inspectIpa(ctx: InspectContext, zip: ZipArchive): Promise<FormatResult> {
  const candidates = zip.entries().filter((entry) => IPA_INFO_PLIST.test(entry.name));
  const infoEntry = candidates[0];
  check(infoEntry, "no Payload/*.app/Info.plist in the IPA");
  if (candidates.length > 1) ctx.warnings.push(`several app bundles under Payload/; using ${infoEntry.name}`);
  const bundleDir = infoEntry.name.slice(0, -"Info.plist".length);

  const parsed = parsePlist(await zip.read(infoEntry, ctx.limits.maxPlistBytes), ctx.limits);
  check(isDict(parsed), "Info.plist is not a dictionary");
  const info = parsed;
  const bundleId = stringOf(info.CFBundleIdentifier);
  const build = stringOf(info.CFBundleVersion);
  check(bundleId, "Info.plist has no CFBundleIdentifier");
  check(build, "Info.plist has no CFBundleVersion");
  const shortVersion = stringOf(info.CFBundleShortVersionString);
  if (!shortVersion) ctx.warnings.push("Info.plist has no CFBundleShortVersionString");
  const platformName = stringOf(info.DTPlatformName);
  if (platformName?.includes("simulator")) ctx.warnings.push("simulator build: it cannot be installed on devices");

  const metadata: Record<string, unknown> = {
    bundleId,
    shortVersion,
    build,
    displayName: stringOf(info.CFBundleDisplayName) ?? stringOf(info.CFBundleName),
    bundleName: stringOf(info.CFBundleName),
    executable: stringOf(info.CFBundleExecutable),
    minimumOsVersion: stringOf(info.MinimumOSVersion),
    deviceFamily: deviceFamilies(info.UIDeviceFamily),
    platformName,
    sdkName: stringOf(info.DTSDKName),
    xcodeVersion: stringOf(info.DTXcode),
    requiredDeviceCapabilities: stringsOf(info.UIRequiredDeviceCapabilities),
    bundlePath: bundleDir.slice(0, -1),
  };

  const profileEntry = zip.get(`${bundleDir}embedded.mobileprovision`);
  if (profileEntry) {
    Object.assign(metadata, profileFacts(ctx, await readProfile(ctx, zip, profileEntry)));
  } else {
    ctx.warnings.push("no embedded.mobileprovision: the IPA cannot be installed over the air");
  }

  const icon = await findIcon(ctx, zip, bundleDir, info);
  return { metadata, icon };
}

/** A profile that is there but unreadable is invalid: iOS refuses to install an app whose profile it cannot read. */
async function readProfile(ctx: InspectContext, zip: ZipArchive, entry: ZipEntry): Promise<ProvisioningProfile> {
  const bytes = await zip.read(entry, ctx.limits.maxPlistBytes);
  try {
    return parseProvisioningProfile(bytes, ctx.limits);
  } catch (error) {
    return invalid(`embedded.mobileprovision could not be read: ${errorMessage(error)}`);
  }
}

function profileFacts(ctx: InspectContext, profile: ProvisioningProfile): Record<string, unknown> {
  const expiresAt = profile.expiresAt ? new Date(profile.expiresAt) : undefined;
  const profileExpired = expiresAt !== undefined && expiresAt.getTime() <= ctx.now.getTime();
  const appStoreSigned = profile.type === "app-store";
  if (profileExpired) ctx.warnings.push(`provisioning profile expired on ${profile.expiresAt}`);
  if (appStoreSigned) ctx.warnings.push("App Store distribution profile: the IPA cannot be installed over the air");
  const { certificates, ...rest } = profile;
  return {
    provisioning: {
      ...rest,
      certificates: certificates.map(({ subject, sha256, notAfter }) => ({ subject, sha256, notAfter })),
    },
    profileExpired,
    appStoreSigned,
  };
}

function deviceFamilies(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === "number" ? [value] : [];
  return list.filter((v): v is number => typeof v === "number").map((n) => DEVICE_FAMILIES[n] ?? `family-${n}`);
}

/** Icon base names the bundle declares, plus Xcode's loose `AppIcon*` files. */
function declaredIconNames(info: PlistDict): string[] {
  const names = new Set<string>(["AppIcon"]);
  for (const key of ["CFBundleIcons", "CFBundleIcons~ipad"]) {
    const primary = dictOf(dictOf(info[key]).CFBundlePrimaryIcon);
    for (const n of stringsOf(primary.CFBundleIconFiles)) names.add(n);
    const iconName = stringOf(primary.CFBundleIconName);
    if (iconName) names.add(iconName);
  }
  for (const n of stringsOf(info.CFBundleIconFiles)) names.add(n);
  const legacy = stringOf(info.CFBundleIconFile);
  if (legacy) names.add(legacy);
  return [...names].map((n) => n.replace(/\.png$/i, "")).filter(Boolean);
}

/** Pixel edge from names like `AppIcon60x60@3x.png` (180), `Icon@2x.png` (114), `Icon.png` (57). */
function iconScore(file: string): number {
  const dims = /(\d+(?:\.\d+)?)x\d+/.exec(file);
  const scale = /@(\d)x/.exec(file);
  const edge = dims ? Number(dims[1]) : 57;
  return edge * (scale ? Number(scale[1]) : 1) - (file.includes("~ipad") ? 0.5 : 0);
}

async function findIcon(ctx: InspectContext, zip: ZipArchive, bundleDir: string, info: PlistDict): Promise<InspectedIcon | undefined> {
  const names = declaredIconNames(info);
  const files = zip
    .entries()
    .filter((entry) => {
      if (!entry.name.startsWith(bundleDir)) return false;
      const file = entry.name.slice(bundleDir.length);
      return !file.includes("/") && /\.png$/i.test(file) && names.some((n) => file.startsWith(n));
    })
    .sort((a, b) => iconScore(b.name) - iconScore(a.name));
  const problems: string[] = [];
  for (const entry of files.slice(0, 4)) {
    if (entry.uncompressedSize > 4 * 1024 * 1024) continue;
    const icon = toIcon(await zip.read(entry), ctx.limits.maxIconPixels);
    if (typeof icon !== "string") return icon;
    problems.push(`${entry.name}: ${icon}`);
  }
  ctx.warnings.push(files.length === 0 ? "no app icon PNG in the bundle (icons only in Assets.car cannot be read)" : `no usable app icon (${problems.join("; ")})`);
  return undefined;
}
