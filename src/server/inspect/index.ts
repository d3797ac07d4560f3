// Artifact metadata extraction. inspectArtifact() sniffs magic bytes (then the name) and hands the
// artifact (an ArtifactSource: a file on disk, or ranged GETs on a bucket) to one small reader per
// format (ipa.ts, apk.ts, deb.ts, …). Everything reads by random access under the caps in types.ts
// and throws InspectError for bad input, which becomes status "invalid" with a reason. Run it through pool.ts (worker threads) off the request path.
import { platformsOfKind } from "@/domain/artifact-formats";
import { checkFormatMetadata, type InspectedFacts } from "@/domain/artifact-metadata";
import { inspectAab } from "./aab";
import { inspectApk } from "./apk";
import { inspectAppImage } from "./appimage";
import type { ArtifactLocation, ArtifactSource } from "./artifact-source";
import type { FormatResult, InspectContext } from "./context";
import { inspectDeb } from "./deb";
import { inspectDmg } from "./dmg";
import { sourceDigests } from "./digests";
import { errorMessage, InspectError, invalid } from "./errors";
import { inspectIpa } from "./ipa";
import { inspectMsi } from "./msi";
import { inspectMsix } from "./msix";
import { openArtifactSource } from "./open-source";
import { inspectPe } from "./pe";
import { inspectPkg } from "./pkg";
import { inspectRpm } from "./rpm";
import { kindFromExtension, kindFromMagic, sniffMagic, zipContentKind, type Magic, type ZipKind } from "./sniff";
import { inspectSnap } from "./snap";
import { inspectTarball } from "./tarball";
import { DEFAULT_LIMITS, type ArtifactKind, type InspectedIcon, type InspectionHints, type InspectionResult, type InspectOptions } from "./types";
import { inspectZip } from "./zip-artifact";
import { ZipArchive } from "./zip-reader";

export * from "./types";
export type { ArtifactLocation, ArtifactSource } from "./artifact-source";

type Inspector = (ctx: InspectContext, magic: Magic, zip?: ZipArchive) => Promise<FormatResult>;

const withZip =
  (inspect: (ctx: InspectContext, zip: ZipArchive) => Promise<FormatResult>): Inspector =>
  (ctx, _magic, zip) =>
    zip ? inspect(ctx, zip) : invalid("not a zip archive");

const INSPECTORS: Record<ArtifactKind, Inspector> = {
  ipa: withZip(inspectIpa),
  apk: withZip(inspectApk),
  aab: withZip(inspectAab),
  msix: withZip(inspectMsix),
  zip: withZip(inspectZip),
  deb: (ctx) => inspectDeb(ctx),
  rpm: (ctx) => inspectRpm(ctx),
  msi: (ctx) => inspectMsi(ctx),
  exe: (ctx) => inspectPe(ctx),
  appimage: (ctx) => inspectAppImage(ctx),
  dmg: (ctx, magic) => inspectDmg(ctx, magic),
  pkg: (ctx) => inspectPkg(ctx),
  tar: (ctx, magic) => inspectTarball(ctx, magic),
  snap: (ctx) => inspectSnap(ctx),
};

/**
 * Extracts facts from an artifact, on disk or in a bucket: never executes, extracts or writes
 * anything, reads by random access within the caps in `DEFAULT_LIMITS`. Invalid input yields
 * `status: "invalid"` with reasons; the promise rejects only when the artifact cannot be opened at
 * all, when reading it from its store failed (a verdict on bytes never seen would be wrong), or,
 * with `options.digests`, when it cannot be read through.
 */
export async function inspectArtifact(location: ArtifactLocation, hints: InspectionHints, options: InspectOptions = {}): Promise<InspectionResult> {
  const source = await openArtifactSource(location);
  try {
    return await inspectSource(source, hints, options);
  } finally {
    await source.close();
  }
}

/** inspectArtifact on an open source, which stays the caller's to close. */
export async function inspectSource(source: ArtifactSource, hints: InspectionHints, options: InspectOptions = {}): Promise<InspectionResult> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const ctx: InspectContext = { source, hints, now: hints.now ?? new Date(), limits, warnings: [] };
  const reasons: string[] = [];
  let facts: InspectedFacts = { kind: "unknown", metadata: {} };
  let icon: InspectedIcon | undefined;
  let zip: ZipArchive | undefined;
  try {
    const magic = await sniffMagic(ctx.source);
    const fromMagic = kindFromMagic(magic);
    if (magic === undefined || fromMagic === undefined) {
      if (magic) facts = { kind: "unknown", metadata: { detectedFormat: magic } };
      return invalid("unrecognised file format");
    }
    const fromName = kindFromExtension(hints.filename);
    let detected: ArtifactKind = fromMagic;
    if (detected === "zip") {
      zip = await ZipArchive.fromSource(ctx.source, limits);
      detected = resolveZipKind(zipContentKind(zip), fromName?.kind);
    }
    facts = { kind: detected, metadata: {} };
    if (fromName && fromName.kind !== detected) {
      reasons.push(`file content is ${detected} but the name ends in ${fromName.extension}`);
    }
    if (!platformsOfKind(detected).includes(hints.platform)) {
      reasons.push(`${detected} artifacts do not belong to platform ${hints.platform}`);
    }
    const result = await INSPECTORS[detected](ctx, magic, zip);
    // The schemas are the contract every reader relies on: facts that break it are our bug, said as such.
    const checked = checkFormatMetadata(detected, jsonSafe(result.metadata));
    if (!checked.ok) throw new InspectError(`the ${detected} facts read do not fit their schema (${checked.problem})`);
    facts = checked.facts;
    icon = result.icon;
  } catch (error) {
    const what = facts.kind === "unknown" ? "file" : facts.kind;
    reasons.push(error instanceof InspectError ? error.reason : `corrupt or unreadable ${what}: ${errorMessage(error)}`);
  } finally {
    zip?.close();
  }
  // Inspectors turn read errors into reasons or warnings; a store that failed to answer is not the artifact's fault.
  if (source.failure) throw source.failure;
  // Whatever the format verdict: an unrecognised desktop file is still served, and its feed entry needs these.
  const digests = options.digests?.length ? await sourceDigests(source, options.digests) : undefined;
  return {
    ...facts,
    ...(icon ? { icon } : {}),
    status: reasons.length === 0 ? "valid" : "invalid",
    reasons,
    warnings: [...new Set(ctx.warnings)],
    ...(digests && { digests }),
  };
}

/**
 * Zip-based kinds: a ".zip"/".nupkg" name means a plain archive; otherwise the marker entries decide,
 * and a ".ipa"/".apk"/".aab"/".msix" name without its marker entry is parsed as named (the parser
 * then says what is missing).
 */
function resolveZipKind(fromContent: ZipKind, fromName: ArtifactKind | undefined): ZipKind {
  if (fromName === "zip") return "zip";
  if (fromContent !== "zip") return fromContent;
  return fromName === "ipa" || fromName === "apk" || fromName === "aab" || fromName === "msix" ? fromName : "zip";
}

/** Metadata is stored as JSON: drop undefined, turn Dates into ISO strings and bigints into strings. */
function jsonSafe(value: Record<string, unknown>): unknown {
  const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  return JSON.parse(json) as unknown;
}
