import { PLATFORMS } from "@/domain/platform";
import { CliError, EXIT } from "./exit-codes";

/**
 * Repeated `--bundle-id <platform>=<id>` flags as a map. An empty id (`ios=`) is null: on update it
 * removes that platform's id. The server checks the ids themselves, by each platform's rules.
 */
export function parseBundleIdFlags(pairs: readonly string[]): Record<string, string | null> {
  // A Map, not an object literal: "__proto__=x" must stay an ordinary (and refused) platform name.
  const ids = new Map<string, string | null>();
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    const platform = at < 0 ? "" : pair.slice(0, at).trim();
    if (!platform) throw new CliError(`--bundle-id must be <platform>=<id> (platforms: ${PLATFORMS.join(", ")}), not "${pair}"`, EXIT.USAGE);
    if (ids.has(platform)) throw new CliError(`--bundle-id names ${platform} twice`, EXIT.USAGE);
    ids.set(platform, pair.slice(at + 1).trim() || null);
  }
  return Object.fromEntries(ids);
}

/** The same flags for a new app, where there is nothing to remove. */
export function bundleIdsForCreate(pairs: readonly string[]): Record<string, string> {
  const ids = parseBundleIdFlags(pairs);
  const missing = Object.entries(ids).find(([, id]) => id === null)?.[0];
  if (missing) throw new CliError(`--bundle-id ${missing}= needs an id, e.g. ${missing}=com.example.app`, EXIT.USAGE);
  return ids as Record<string, string>;
}
