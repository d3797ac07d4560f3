import { createIconGrant } from "./grants";

const HOUR_MS = 60 * 60 * 1000;

/**
 * The console's URL for a build's icon: the route install pages use (/i/{grant}/icon.png), but with
 * an icon grant, which opens nothing else of the build (a private app's file stays private). The
 * grant is minted as of the start of the hour with a two-hour life, so it is the same string for an
 * hour (the browser's cached icon keeps working across page loads) and valid for at least an hour.
 * Relative, so it works whatever PUBLIC_URL says.
 */
export function adminIconUrl(artifactId: string, now = Date.now()): string {
  const grant = createIconGrant(artifactId, 2 * 60 * 60, { now: Math.floor(now / HOUR_MS) * HOUR_MS });
  return `/i/${grant}/icon.png`;
}
