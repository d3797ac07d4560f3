/** The part of a release that names it to people, "1.2.0 (45)"; small enough to hand to client components. */
export interface ReleaseLabel {
  version: string;
  build: string;
}

/** Just the version and build of a release (never its notes or ids), for props sent to the browser. */
export function releaseLabel(release: ReleaseLabel): ReleaseLabel {
  return { version: release.version, build: release.build };
}

/** "1.2.0 (45)": version, then build in parentheses, as every console page writes a release. */
export function formatRelease(release: ReleaseLabel): string {
  return `${release.version} (${release.build})`;
}
