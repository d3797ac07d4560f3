// What the files of a release declare about its version and build, whether they agree, and where
// a release's version/build differs from them. The admin form prefills from the agreement and warns
// before publishing with versionMismatches, the rule judgeArtifact records for IPA and APK.
import { BUILD_NUMBER, declaredIdentity, type InspectionFacts } from "./artifact-validation";
import { readMetadata } from "./metadata-reader";
import { compareBuilds } from "./version";

export { versionMismatches } from "./artifact-validation";

export interface Declared {
  version?: string;
  build?: string;
}

export interface FileDeclaration extends Declared {
  filename: string;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : typeof v === "number" ? String(v) : undefined);

/** A Debian version is [epoch:]upstream[-revision]; the upstream part is the app's version. */
function debianUpstream(version: string): string {
  const noEpoch = version.replace(/^\d+:/, "");
  const dash = noEpoch.lastIndexOf("-");
  return dash > 0 ? noEpoch.slice(0, dash) : noEpoch;
}

/**
 * The version and build one inspected file declares, by format; empty when it declares none.
 * Desktop formats never declare the release's build: a deb revision or an rpm release counts
 * packagings, a Windows file version's fourth part is anything its vendor likes, so they never
 * prefill or contradict a build.
 */
export function declaredVersion(facts: Pick<InspectionFacts, "kind" | "metadata">): Declared {
  const m = readMetadata(facts.kind, facts.metadata);
  const pick = (version: unknown, build?: unknown): Declared => {
    const v = str(version);
    const b = str(build);
    return { ...(v && { version: v }), ...(b && { build: b }) };
  };
  switch (m.kind) {
    case "ipa":
    case "apk": {
      const { version, build } = declaredIdentity(facts);
      return pick(version, build);
    }
    case "aab":
      return pick(m.versionName, m.versionCode);
    case "zip":
      return m.contents === "macos-app" ? pick(m.shortVersion, m.build) : m.contents === "nupkg" ? pick(m.version) : {};
    case "deb": {
      const version = str(m.version);
      return version ? pick(debianUpstream(version)) : {};
    }
    case "msix": {
      // MSIX versions always have four parts and the Store requires the fourth to be 0: 1.2.3.0 is 1.2.3.
      const version = str(m.version);
      return version ? pick(version.replace(/^(\d+\.\d+\.\d+)\.0$/, "$1")) : {};
    }
    case "rpm":
    case "appimage":
    case "snap":
      return pick(m.version);
    case "msi":
    case "exe":
    case "pkg":
      return pick(m.productVersion);
    default:
      return {};
  }
}

function sameBuild(a: string, b: string): boolean {
  return BUILD_NUMBER.test(a) && BUILD_NUMBER.test(b) ? compareBuilds(a, b) === 0 : a === b;
}

export type DeclaredAgreement =
  /** No file declares anything (yet). */
  | { kind: "none" }
  /** Every file that declares a version says the same, and likewise for builds. */
  | { kind: "agreed"; version?: string; build?: string }
  /** Two files say different things: the files that declare something, to name them. */
  | { kind: "disagree"; files: FileDeclaration[] };

/** Whether the files of one release declare one version and one build. */
export function agreeOnDeclared(files: readonly FileDeclaration[]): DeclaredAgreement {
  const declaring = files.filter((f) => f.version !== undefined || f.build !== undefined);
  if (declaring.length === 0) return { kind: "none" };
  const version = declaring.find((f) => f.version !== undefined)?.version;
  const build = declaring.find((f) => f.build !== undefined)?.build;
  const agree = declaring.every((f) => (f.version === undefined || f.version === version) && (f.build === undefined || build === undefined || sameBuild(f.build, build)));
  if (!agree) return { kind: "disagree", files: declaring };
  return { kind: "agreed", ...(version !== undefined && { version }), ...(build !== undefined && { build }) };
}

/** "version 1.2.3, build 42", "version 1.2.3" or "build 42": what one file declares, in words. */
export function declaredText(declared: Declared): string {
  if (declared.version !== undefined && declared.build !== undefined) return `version ${declared.version}, build ${declared.build}`;
  if (declared.version !== undefined) return `version ${declared.version}`;
  return declared.build !== undefined ? `build ${declared.build}` : "nothing";
}
