// What inspection read from a file (src/server/inspect, one module per format), as labelled facts
// for the release page. Metadata is stored JSON that older inspectors or CI attributes shaped, so
// every value is read defensively and a fact without a value is left out.
import type { Artifact } from "@/domain/artifact";
import { ARTIFACT_FORMATS, type InspectedKind } from "@/domain/artifact-formats";
import { metadataOf } from "@/domain/metadata-reader";
import { formatBytes } from "@/domain/format";
import { fingerprint, PROFILE_TYPE_LABELS } from "../install/labels";

export interface ArtifactFact {
  label: string;
  value: string;
  /** Identifiers and digests: shown monospace and allowed to break anywhere. */
  mono?: boolean;
  /** A fact that needs attention (an expired profile, a debug signature). */
  attention?: boolean;
}

type Meta = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : null);
const obj = (v: unknown): Meta => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Meta) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(str).filter((s): s is string => s !== null) : []);
const yesNo = (v: unknown): string | null => (v === true ? "yes" : v === false ? "no" : null);

const DEVICE_FAMILIES: Record<string, string> = { iphone: "iPhone", ipad: "iPad", tv: "Apple TV", watch: "Apple Watch", mac: "Mac", vision: "Apple Vision" };

/** Android releases by API level, for "API 21 (Android 5.0)". */
const ANDROID_VERSIONS: Record<number, string> = {
  16: "4.1",
  17: "4.2",
  18: "4.3",
  19: "4.4",
  21: "5.0",
  22: "5.1",
  23: "6",
  24: "7.0",
  25: "7.1",
  26: "8.0",
  27: "8.1",
  28: "9",
  29: "10",
  30: "11",
  31: "12",
  32: "12L",
  33: "13",
  34: "14",
  35: "15",
  36: "16",
};

/** "API 21 (Android 5.0)"; preview builds name a codename instead of a number. */
export function androidApi(v: unknown): string | null {
  if (typeof v === "number") return ANDROID_VERSIONS[v] ? `API ${v} (Android ${ANDROID_VERSIONS[v]})` : `API ${v}`;
  return str(v);
}

/** DTXcode "1500" → "15.0", "1431" → "14.3.1". */
export function xcodeVersion(v: unknown): string | null {
  const raw = str(v);
  if (!raw || !/^\d{3,4}$/.test(raw)) return raw;
  const n = Number(raw);
  const [major, minor, patch] = [Math.floor(n / 100), Math.floor(n / 10) % 10, n % 10];
  return patch ? `${major}.${minor}.${patch}` : `${major}.${minor}`;
}

/** The CN of an X.509 subject ("…, CN=Apple Distribution: Acme (TEAM), …"), or the whole subject. */
export function commonName(subject: unknown): string | null {
  const s = str(subject);
  if (!s) return null;
  return /(?:^|,\s*)CN=([^,]+)/.exec(s)?.[1]?.trim() ?? s;
}

/** "9bd6…" → "9B:D6:…", as the install page prints it (install/labels.ts). */
function fingerprintOf(hex: unknown): string | null {
  const s = str(hex);
  return s ? fingerprint(s) : null;
}

/** "2027-11-28 (in 357 days)" or "2026-01-01 (expired 12 days ago)". */
export function expiry(v: unknown, now: Date): { value: string; expired: boolean } | null {
  const s = str(v);
  if (!s) return null;
  const date = new Date(s);
  if (Number.isNaN(date.getTime())) return { value: s, expired: false };
  const days = Math.round((date.getTime() - now.getTime()) / 86_400_000);
  const day = date.toISOString().slice(0, 10);
  if (date.getTime() <= now.getTime()) return { value: `${day} (expired${days < 0 ? ` ${-days} day${days === -1 ? "" : "s"} ago` : " today"})`, expired: true };
  return { value: `${day} (in ${days} day${days === 1 ? "" : "s"})`, expired: false };
}

/** The inspected format: stored with the metadata since publishing, else guessed from the file name. */
export function artifactKind(artifact: Pick<Artifact, "filename" | "metadata">): InspectedKind {
  return metadataOf(artifact).kind;
}

class Facts {
  readonly list: ArtifactFact[] = [];
  add(label: string, value: string | null, options: { mono?: boolean; attention?: boolean } = {}): this {
    if (value !== null && value !== "") this.list.push({ label, value, ...(options.mono && { mono: true }), ...(options.attention && { attention: true }) });
    return this;
  }
}

function ipaFacts(f: Facts, m: Meta, now: Date): void {
  const profile = obj(m.provisioning);
  const certificate = obj(Array.isArray(profile.certificates) ? profile.certificates[0] : undefined);
  f.add("Bundle ID", str(m.bundleId), { mono: true })
    .add("Name", str(m.displayName))
    .add("Version", str(m.shortVersion))
    .add("Build", str(m.build))
    .add("Minimum iOS", str(m.minimumOsVersion))
    .add(
      "Devices",
      strings(m.deviceFamily)
        .map((d) => DEVICE_FAMILIES[d] ?? d)
        .join(", ") || null,
    )
    .add("SDK", str(m.sdkName))
    .add("Xcode", xcodeVersion(m.xcodeVersion));
  if (Object.keys(profile).length === 0) {
    f.add("Provisioning profile", "none embedded (cannot be installed over the air)", { attention: true });
    return;
  }
  const type = str(profile.type);
  const expires = expiry(profile.expiresAt, now);
  const devices = Array.isArray(profile.provisionedDevices) ? profile.provisionedDevices.length : null;
  f.add("Signer", commonName(certificate.subject))
    .add("Certificate subject", str(certificate.subject), { mono: true })
    .add("Certificate expires", expiry(certificate.notAfter, now)?.value ?? null, { attention: expiry(certificate.notAfter, now)?.expired })
    .add("Profile type", type ? `${PROFILE_TYPE_LABELS[type] ?? type}${type === "app-store" ? " (cannot be installed over the air)" : ""}` : null, { attention: type === "app-store" })
    .add("Profile name", str(profile.name))
    .add("Profile expires", expires?.value ?? null, { attention: expires?.expired })
    .add("Provisioned devices", profile.provisionsAllDevices === true ? "all devices (enterprise)" : devices === null ? null : String(devices))
    .add("Team", [str(profile.teamName), str(profile.teamId)].filter(Boolean).join(" · ") || null);
}

function androidFacts(f: Facts, m: Meta, now: Date, bundle: boolean): void {
  const signer = obj(m.signer);
  f.add("Package", str(m.packageName), { mono: true })
    .add("Name", str(m.label))
    .add("Version name", str(m.versionName))
    .add("Version code", str(m.versionCode))
    .add("Minimum Android", androidApi(m.minSdk))
    .add("Target SDK", androidApi(m.targetSdk))
    .add("Compile SDK", androidApi(m.compileSdk))
    .add("Maximum SDK", androidApi(m.maxSdk));
  if (bundle) f.add("Modules", strings(m.modules).join(", ") || null).add("Installable", "no: Android installs APKs, not bundles");
  // null: inspection found no signature; absent: an older inspector that did not look.
  const unsigned = m.signer === null;
  f.add("Signer", unsigned ? (bundle ? "not signed" : "not signed: Android will refuse to install it") : commonName(signer.subject), { attention: unsigned })
    .add("Certificate subject", str(signer.subject), { mono: true })
    .add("Signer SHA-256", fingerprintOf(signer.sha256), { mono: true })
    .add("Certificate expires", expiry(signer.notAfter, now)?.value ?? null, { attention: expiry(signer.notAfter, now)?.expired })
    .add("Signature schemes", strings(m.signingSchemes).join(", ") || null)
    .add("Debug certificate", signer.debugCertificate === true ? "yes: Play and most devices treat it as a test build" : null, { attention: true })
    .add("Debuggable", m.debuggable === true ? "yes" : null, { attention: true })
    .add("Test only", m.testOnly === true ? "yes: the package installer refuses it" : null, { attention: true })
    .add("Native ABIs", Array.isArray(m.nativeAbis) ? strings(m.nativeAbis).join(", ") || "none (runs on any)" : null)
    .add("Permissions", Array.isArray(m.permissions) ? `${m.permissions.length}${m.permissions.length ? `: ${strings(m.permissions).join(", ")}` : ""}` : null);
}

function desktopFacts(f: Facts, kind: string, m: Meta): void {
  switch (kind) {
    case "deb":
      f.add("Package", str(m.package), { mono: true })
        .add("Version", str(m.version))
        .add("Architecture", str(m.architecture))
        .add("Maintainer", str(m.maintainer))
        .add("Description", str(m.description));
      return;
    case "rpm":
      f.add("Package", str(m.name), { mono: true })
        .add("Version", [str(m.version), str(m.release)].filter(Boolean).join("-") || null)
        .add("Architecture", str(m.arch))
        .add("Summary", str(m.summary))
        .add("License", str(m.license))
        .add("Installed size", typeof m.installedSize === "number" ? formatBytes(m.installedSize) : null);
      return;
    case "appimage":
      f.add("Name", str(m.name))
        .add("Version", str(m.version))
        .add("Architecture", str(m.arch))
        .add("AppImage type", str(m.appImageType))
        .add("Categories", strings(m.categories).join(", ") || null);
      return;
    case "msi":
      f.add("Product", str(m.productName))
        .add("Version", str(m.productVersion))
        .add("Manufacturer", str(m.manufacturer))
        .add("Architecture", str(m.architecture))
        .add("Product code", str(m.productCode), { mono: true })
        .add("Upgrade code", str(m.upgradeCode), { mono: true })
        .add("Signed", yesNo(m.signed));
      return;
    case "exe": {
      const signature = obj(m.authenticode);
      f.add("Product", str(m.productName))
        .add("Version", str(m.productVersion))
        .add("File version", str(m.fileVersion))
        .add("Company", str(m.companyName))
        .add("Architecture", str(m.machine))
        .add("Installer", str(m.installer))
        .add("Signer", m.authenticodeSigned === false ? "not signed" : commonName(signature.subject))
        .add("Certificate subject", str(signature.subject), { mono: true });
      return;
    }
    case "msix": {
      const family = obj(m.targetDeviceFamily);
      f.add("Identity", str(m.identityName), { mono: true })
        .add("Name", str(m.displayName))
        .add("Version", str(m.version))
        .add("Publisher", str(m.publisher), { mono: true })
        .add("Architecture", str(m.processorArchitecture))
        .add("Minimum Windows", [str(family.name), str(family.minVersion)].filter(Boolean).join(" ") || null)
        .add("Signed", yesNo(m.signed));
      return;
    }
    case "dmg":
      f.add("Image format", str(m.format))
        .add("File system", str(m.filesystem))
        .add("Encrypted", m.encrypted === true ? "yes" : null);
      return;
    case "pkg":
      f.add("Title", str(m.title))
        .add("Product", str(m.productId), { mono: true })
        .add("Version", str(m.productVersion))
        .add("Minimum macOS", str(m.minimumOsVersion))
        .add("Packages", (Array.isArray(m.packages) ? m.packages.map((p) => str(obj(p).identifier)).filter(Boolean) : []).join(", ") || null);
      return;
    case "snap":
      f.add("Name", str(m.name), { mono: true })
        .add("Version", str(m.version))
        .add("Base", str(m.base))
        .add("Grade", str(m.grade))
        .add("Confinement", str(m.confinement))
        .add("Architectures", strings(m.architectures).join(", ") || null);
      return;
    case "zip":
      if (m.contents === "macos-app") {
        f.add("Bundle ID", str(m.bundleId), { mono: true })
          .add("Name", str(m.displayName))
          .add("Version", str(m.shortVersion))
          .add("Build", str(m.build))
          .add("Minimum macOS", str(m.minimumOsVersion));
      } else if (m.contents === "nupkg") {
        f.add("Package", str(m.id), { mono: true }).add("Version", str(m.version)).add("Authors", str(m.authors));
      }
      return;
    case "tar":
      f.add("Compression", str(m.compression));
      return;
  }
}

/** The facts a release page shows for one file: its format first, then what that format declares. */
export function artifactMetadataFacts(artifact: Pick<Artifact, "filename" | "metadata">, now: Date = new Date()): ArtifactFact[] {
  const m = artifact.metadata;
  const kind = artifactKind(artifact);
  const f = new Facts().add("Format", kind === "unknown" ? null : ARTIFACT_FORMATS[kind].label);
  if (kind === "ipa") ipaFacts(f, m, now);
  else if (kind === "apk" || kind === "aab") androidFacts(f, m, now, kind === "aab");
  else desktopFacts(f, kind, m);
  // What CI declared for formats that carry no cheap metadata (DMG, zips): see ciAttributesSchema.
  const ci = obj(m.ci);
  f.add("Minimum OS (from CI)", str(ci.minimumSystemVersion))
    .add("Architecture (from CI)", str(ci.arch))
    .add("Update signature (from CI)", str(ci.edSignature) ? "EdDSA signature present" : null);
  return f.list;
}
