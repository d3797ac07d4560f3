import { attribute, attributeValue, childrenNamed, parseBinaryXml, type AxmlElement } from "./android-binary-xml";
import { ResourceTable } from "./android-resources";
import { findApkIcon } from "./apk-icon";
import { readApkSigningBlock, type ApkBlockSigner } from "./apk-signing-block";
import { leafCertificate, summarizeCertificate } from "./certificates";
import type { FormatResult, InspectContext } from "./context";
import { signedDataCertificates } from "./der";
import { check, errorMessage, InspectError } from "./errors";
import type { ZipArchive } from "./zip-reader";

const ATTR = {
  label: 0x01010001,
  icon: 0x01010002,
  name: 0x01010003,
  debuggable: 0x0101000f,
  minSdkVersion: 0x0101020c,
  versionCode: 0x0101021b,
  versionName: 0x0101021c,
  targetSdkVersion: 0x01010270,
  maxSdkVersion: 0x01010271,
  testOnly: 0x01010272,
  roundIcon: 0x0101052c,
  compileSdkVersion: 0x01010572,
  versionCodeMajor: 0x01010576,
} as const;

/** APK: manifest facts, label and icon through resources.arsc, and the signer (v1, v2, v3). */
export async function inspectApk(ctx: InspectContext, zip: ZipArchive): Promise<FormatResult> {
  const manifestEntry = zip.get("AndroidManifest.xml");
  check(manifestEntry, "no AndroidManifest.xml in the APK");
  const manifest = parseManifest(ctx, await zip.read(manifestEntry, 8 * 1024 * 1024));
  check(manifest.name === "manifest", "AndroidManifest.xml has no <manifest> root");
  const get = (element: AxmlElement | undefined, key: keyof typeof ATTR) => (element ? attributeValue(attribute(element, ATTR[key], key)) : undefined);

  const packageName = attributeValue(attribute(manifest, undefined, "package"));
  check(typeof packageName === "string" && packageName.length > 0, "AndroidManifest.xml has no package name");
  const usesSdk = childrenNamed(manifest, "uses-sdk")[0];
  const application = childrenNamed(manifest, "application")[0];

  let resources: ResourceTable | undefined;
  const arsc = zip.get("resources.arsc");
  if (arsc) {
    try {
      resources = new ResourceTable(await zip.read(arsc));
    } catch (error) {
      if (error instanceof InspectError && /too large|inflates beyond/.test(error.reason)) throw error;
      ctx.warnings.push(`resources.arsc could not be read: ${errorMessage(error)}`);
    }
  }
  const resolveString = (value: unknown): string | undefined => {
    if (typeof value === "string") return value;
    if (typeof value === "object" && value && "ref" in value && resources) return defaultString(resources, value.ref as number);
    return undefined;
  };

  const versionCode = numberOf(get(manifest, "versionCode"));
  const versionCodeMajor = numberOf(get(manifest, "versionCodeMajor"));
  const testOnly = get(application, "testOnly") === true;
  if (testOnly) ctx.warnings.push("android:testOnly is set: the package installer refuses to install it");

  const metadata: Record<string, unknown> = {
    packageName,
    versionName: resolveString(get(manifest, "versionName")),
    versionCode: versionCode === undefined ? undefined : (versionCodeMajor ?? 0) * 2 ** 32 + (versionCode >>> 0),
    minSdk: sdkOf(get(usesSdk, "minSdkVersion")) ?? 1,
    targetSdk: sdkOf(get(usesSdk, "targetSdkVersion")),
    maxSdk: sdkOf(get(usesSdk, "maxSdkVersion")),
    compileSdk: numberOf(get(manifest, "compileSdkVersion")),
    label: resolveString(get(application, "label")),
    debuggable: get(application, "debuggable") === true,
    testOnly,
    permissions: childrenNamed(manifest, "uses-permission")
      .map((p) => attributeValue(attribute(p, ATTR.name, "name")))
      .filter((p): p is string => typeof p === "string"),
    nativeAbis: [...new Set(zip.entries().flatMap((e) => /^lib\/([^/]+)\/[^/]+\.so$/.exec(e.name)?.[1] ?? []))].sort(),
    installable: true,
  };
  check(metadata.versionCode !== undefined, "AndroidManifest.xml has no versionCode");
  if (metadata.label === undefined && get(application, "label") !== undefined) {
    ctx.warnings.push("the application label could not be resolved through resources.arsc");
  }
  if (metadata.targetSdk === undefined) metadata.targetSdk = metadata.minSdk;

  Object.assign(metadata, await signingFacts(ctx, zip, true));
  const schemes = metadata.signingSchemes as string[];
  if (metadata.signer && typeof metadata.minSdk === "number" && metadata.minSdk < 24 && !schemes.includes("v1")) {
    ctx.warnings.push(`no v1 (JAR) signature although minSdk is ${metadata.minSdk}: Android 6 and older cannot install it`);
  }

  const iconIds = [get(application, "icon"), get(application, "roundIcon")].map((v) => (typeof v === "object" ? v.ref : undefined)).filter((v): v is number => v !== undefined);
  const icon = await findApkIcon(ctx, zip, resources, iconIds);
  return { metadata, icon };
}

function parseManifest(ctx: InspectContext, bytes: Buffer): AxmlElement {
  try {
    return parseBinaryXml(bytes, { maxElements: 100_000, maxDepth: ctx.limits.maxDepth });
  } catch (error) {
    if (error instanceof InspectError) throw new InspectError(`AndroidManifest.xml: ${error.reason}`);
    throw new InspectError(`AndroidManifest.xml is corrupt: ${errorMessage(error)}`);
  }
}

function numberOf(value: unknown): number | undefined {
  return typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** SDK levels are ints, or codenames ("VanillaIceCream") for preview builds. */
function sdkOf(value: unknown): number | string | undefined {
  return numberOf(value) ?? (typeof value === "string" ? value : undefined);
}

/** Default-configuration string value; English, then any configuration, as fallbacks. */
function defaultString(resources: ResourceTable, id: number, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  const values = resources.resolve(id);
  const ordered = [...values.filter((v) => v.config.isDefault), ...values.filter((v) => v.config.language === "en"), ...values];
  for (const value of ordered) {
    if (value.string !== undefined) return value.string;
    if (value.type === 0x01) {
      const nested = defaultString(resources, value.data, depth + 1);
      if (nested !== undefined) return nested;
    }
  }
  return undefined;
}

/** signingSchemes + signer; AABs are jar-signed only (`withBlock` false). */
export async function signingFacts(ctx: InspectContext, zip: ZipArchive, withBlock: boolean): Promise<Record<string, unknown>> {
  let blockSigners: ApkBlockSigner[] = [];
  try {
    if (withBlock) blockSigners = await readApkSigningBlock(ctx.source, ctx.limits.maxEntryBytes);
  } catch (error) {
    ctx.warnings.push(`APK signing block could not be read: ${errorMessage(error)}`);
  }
  const v1Entry = zip.entries().find((e) => /^META-INF\/[^/]+\.(RSA|DSA|EC)$/i.test(e.name));
  let v1Certificate: Buffer | undefined;
  if (v1Entry) {
    try {
      v1Certificate = leafCertificate(signedDataCertificates(await zip.read(v1Entry, 1024 * 1024)));
    } catch (error) {
      ctx.warnings.push(`${v1Entry.name} could not be read: ${errorMessage(error)}`);
    }
  }
  const schemes = [...(v1Certificate ? ["v1"] : []), ...new Set(blockSigners.map((s) => s.scheme))];
  // The signer the newest platform checks: v3.1/v3 (highest maxSdk), then v2, then v1.
  const preferred = [...blockSigners].sort((a, b) => schemeRank(b.scheme) - schemeRank(a.scheme) || (b.maxSdk ?? 0) - (a.maxSdk ?? 0))[0];
  const der = preferred?.certificates[0] ?? v1Certificate;
  if (!der) {
    ctx.warnings.push(withBlock ? "the APK is not signed: Android will refuse to install it" : "the bundle is not signed");
    return { signingSchemes: schemes, signer: null };
  }
  const distinct = new Set([v1Certificate, ...blockSigners.map((s) => s.certificates[0])].filter(Boolean).map((c) => c?.toString("hex")));
  if (distinct.size > 1) ctx.warnings.push("signing certificates differ between signature schemes (key rotation?)");
  try {
    const cert = summarizeCertificate(der);
    return {
      signingSchemes: schemes,
      signer: {
        sha256: cert.sha256,
        subject: cert.subject,
        issuer: cert.issuer,
        notBefore: cert.notBefore,
        notAfter: cert.notAfter,
        debugCertificate: /(^|, )CN=Android Debug(,|$)/.test(cert.subject),
      },
    };
  } catch (error) {
    ctx.warnings.push(`signing certificate could not be parsed: ${errorMessage(error)}`);
    return { signingSchemes: schemes, signer: null };
  }
}

function schemeRank(scheme: string): number {
  return scheme === "v3.1" ? 3 : scheme === "v3" ? 2 : 1;
}
