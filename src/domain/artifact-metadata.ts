import { z } from "zod";
import type { ArtifactKind } from "./artifact-formats";

// What inspection reads from each kind of file (src/server/inspect, one module per format), as
// JSON: one schema per kind. Inspection's output is checked against them, so they are its type;
// stored rows are read back through metadata-reader.ts, which forgives what older versions wrote.
// Objects are strict: a fact an inspector adds without naming it here fails inspection (and the
// fixture tests), rather than reaching rows no reader knows about.

const text = z.string();
const texts = z.array(z.string());
/** SDK levels are numbers, or codenames ("VanillaIceCream") for preview builds. */
const sdk = z.union([z.number(), z.string()]);
/** snap.yaml values as its small parser reads them: a scalar, or a list. */
const yamlValue = z.union([z.string(), z.array(z.string())]);

export const PROFILE_TYPES = ["development", "ad-hoc", "enterprise", "app-store"] as const;
export type ProfileType = (typeof PROFILE_TYPES)[number];

export const provisioningSchema = z.strictObject({
  type: z.enum(PROFILE_TYPES),
  name: text.optional(),
  uuid: text.optional(),
  appIdName: text.optional(),
  applicationIdentifier: text.optional(),
  teamId: text.optional(),
  teamName: text.optional(),
  createdAt: text.optional(),
  expiresAt: text.optional(),
  provisionedDevices: texts,
  provisionsAllDevices: z.boolean(),
  getTaskAllow: z.boolean(),
  platforms: texts,
  certificates: z.array(z.strictObject({ subject: text, sha256: text, notAfter: text })),
});

export const ipaMetadataSchema = z.strictObject({
  bundleId: text,
  shortVersion: text.optional(),
  build: text,
  displayName: text.optional(),
  bundleName: text.optional(),
  executable: text.optional(),
  minimumOsVersion: text.optional(),
  /** "iphone", "ipad", "tv", … from UIDeviceFamily. */
  deviceFamily: texts,
  platformName: text.optional(),
  sdkName: text.optional(),
  xcodeVersion: text.optional(),
  requiredDeviceCapabilities: texts,
  bundlePath: text,
  /** Absent when the IPA embeds no profile. */
  provisioning: provisioningSchema.optional(),
  profileExpired: z.boolean().optional(),
  appStoreSigned: z.boolean().optional(),
});

/** The certificate an APK or AAB is signed with; null in `signer` when it is not signed. */
export const androidSignerSchema = z.strictObject({
  sha256: text,
  subject: text,
  issuer: text,
  notBefore: text,
  notAfter: text,
  debugCertificate: z.boolean(),
});

const androidSigning = { signingSchemes: texts, signer: androidSignerSchema.nullable() };

export const apkMetadataSchema = z.strictObject({
  packageName: text,
  versionName: text.optional(),
  versionCode: z.number(),
  minSdk: sdk,
  targetSdk: sdk.optional(),
  maxSdk: sdk.optional(),
  compileSdk: z.number().optional(),
  label: text.optional(),
  debuggable: z.boolean(),
  testOnly: z.boolean(),
  permissions: texts,
  nativeAbis: texts,
  installable: z.literal(true),
  ...androidSigning,
});

export const aabMetadataSchema = z.strictObject({
  packageName: text,
  versionName: z.union([z.string(), z.number()]).optional(),
  versionCode: sdk.optional(),
  minSdk: sdk.optional(),
  targetSdk: sdk.optional(),
  modules: texts,
  installable: z.literal(false),
  ...androidSigning,
});

export const debMetadataSchema = z.strictObject({
  package: text,
  version: text,
  architecture: text,
  maintainer: text.optional(),
  description: text.optional(),
  section: text.optional(),
  homepage: text.optional(),
  depends: text.optional(),
  installedSizeKiB: z.number().optional(),
  dataCompression: text,
});

export const rpmMetadataSchema = z.strictObject({
  name: text,
  version: text,
  release: text,
  epoch: z.number().optional(),
  arch: text.optional(),
  os: text.optional(),
  summary: text.optional(),
  license: text.optional(),
  url: text.optional(),
  installedSize: z.union([z.number(), z.string()]).optional(),
  payloadCompressor: text.optional(),
  sourcePackage: z.boolean(),
});

export const appImageMetadataSchema = z.strictObject({
  appImageType: z.number(),
  arch: text,
  squashfsOffset: z.number().optional(),
  compression: text.optional(),
  desktopFile: text.optional(),
  name: text.optional(),
  version: text.optional(),
  comment: text.optional(),
  categories: texts.optional(),
});

export const snapMetadataSchema = z.strictObject({
  name: text,
  version: yamlValue.optional(),
  summary: yamlValue.optional(),
  base: yamlValue.optional(),
  grade: yamlValue.optional(),
  confinement: yamlValue.optional(),
  architectures: texts,
  compression: text,
});

export const msiMetadataSchema = z.strictObject({
  productName: text,
  productVersion: text,
  manufacturer: text.optional(),
  productCode: text.optional(),
  upgradeCode: text.optional(),
  productLanguage: text.optional(),
  packageCode: z.union([z.string(), z.number()]).optional(),
  architecture: text.optional(),
  languages: texts,
  signed: z.boolean(),
});

export const exeMetadataSchema = z.strictObject({
  machine: text,
  subsystem: z.enum(["gui", "console", "other"]),
  dll: z.boolean(),
  fileVersionNumber: text.optional(),
  productVersionNumber: text.optional(),
  productName: text.optional(),
  productVersion: text.optional(),
  fileVersion: text.optional(),
  companyName: text.optional(),
  fileDescription: text.optional(),
  legalCopyright: text.optional(),
  originalFilename: text.optional(),
  authenticodeSigned: z.boolean(),
  /** Present but unverified; null when the signature could not be parsed. */
  authenticode: z.strictObject({ subject: text, issuer: text, sha256: text, notAfter: text, verified: z.boolean() }).nullable().optional(),
  installer: text.optional(),
});

export const msixMetadataSchema = z.strictObject({
  identityName: text,
  publisher: text,
  version: text,
  signed: z.boolean(),
  bundle: z.boolean(),
  packages: z.array(z.strictObject({ type: text.optional(), version: text.optional(), processorArchitecture: text.optional(), fileName: text.optional() })).optional(),
  processorArchitecture: text.optional(),
  displayName: text.optional(),
  publisherDisplayName: text.optional(),
  targetDeviceFamily: z.strictObject({ name: text.optional(), minVersion: text.optional(), maxVersionTested: text.optional() }).optional(),
});

export const dmgMetadataSchema = z.strictObject({
  format: z.enum(["udif", "encrypted", "raw-apfs", "raw-hfs+"]),
  encrypted: z.boolean().optional(),
  udifVersion: z.number().optional(),
  sectorCount: z.number().optional(),
  filesystem: text.optional(),
  partitions: texts.optional(),
  hfsSignature: text.optional(),
  caseSensitive: z.boolean().optional(),
  blockSize: z.number().optional(),
  totalBlocks: z.number().optional(),
  fileCount: z.number().optional(),
  folderCount: z.number().optional(),
  modifiedAt: text.optional(),
});

export const pkgMetadataSchema = z.strictObject({
  pkgType: z.enum(["product", "component"]),
  title: text.optional(),
  productId: text.optional(),
  productVersion: text.optional(),
  packages: z.array(z.strictObject({ identifier: text.optional(), version: text.optional() })),
  minimumOsVersion: text.optional(),
  signed: z.boolean(),
});

/** A plain zip: a zipped macOS .app, a Squirrel .nupkg, or just an archive (`contents` says which). */
export const zipMetadataSchema = z.strictObject({
  contents: z.enum(["macos-app", "nupkg", "archive"]),
  entryCount: z.number().optional(),
  appBundle: text.optional(),
  bundleId: text.optional(),
  shortVersion: text.optional(),
  build: text.optional(),
  displayName: text.optional(),
  minimumOsVersion: text.optional(),
  id: text.optional(),
  version: text.optional(),
  title: text.optional(),
  authors: text.optional(),
});

export const tarMetadataSchema = z.strictObject({ compression: text, firstEntry: text.optional() });

/** A file no signature matched: the container it looked like, if any (an ELF that is no AppImage). */
export const unknownMetadataSchema = z.strictObject({ detectedFormat: text.optional() });

export const FORMAT_METADATA_SCHEMAS = {
  ipa: ipaMetadataSchema,
  apk: apkMetadataSchema,
  aab: aabMetadataSchema,
  deb: debMetadataSchema,
  rpm: rpmMetadataSchema,
  appimage: appImageMetadataSchema,
  snap: snapMetadataSchema,
  msi: msiMetadataSchema,
  exe: exeMetadataSchema,
  msix: msixMetadataSchema,
  dmg: dmgMetadataSchema,
  pkg: pkgMetadataSchema,
  zip: zipMetadataSchema,
  tar: tarMetadataSchema,
} as const satisfies Record<ArtifactKind, z.ZodType>;

export type FormatMetadata<K extends ArtifactKind> = z.output<(typeof FORMAT_METADATA_SCHEMAS)[K]>;

/**
 * What inspection of a file says, by kind. `metadata` is empty when the format could not be read
 * (the result is then invalid, with reasons), so every field is optional at this level.
 */
export type InspectedFacts = { [K in ArtifactKind]: { kind: K; metadata: Partial<FormatMetadata<K>> } }[ArtifactKind] | { kind: "unknown"; metadata: z.output<typeof unknownMetadataSchema> };

/** Checks what an inspector produced against its kind's schema: the facts typed, or what is wrong. */
export function checkFormatMetadata(kind: ArtifactKind, metadata: unknown): { ok: true; facts: InspectedFacts } | { ok: false; problem: string } {
  const parsed = FORMAT_METADATA_SCHEMAS[kind].safeParse(metadata);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `${issue?.path.join(".") || "metadata"}: ${issue?.message ?? "invalid"}` };
  }
  // The schema was picked by `kind`, so its output is that kind's metadata; TypeScript cannot follow the index.
  return { ok: true, facts: { kind, metadata: parsed.data } as InspectedFacts };
}
