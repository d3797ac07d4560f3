import { installTapSchema } from "@/domain/install-event";
import type { VerifiedGrant } from "../crypto/grants";
import type { InstallTap } from "../services/install-taps";
import { readJsonBody } from "./json-body";

/**
 * The beacon's tap, or null for anything else. The grant proves the page handed this file out;
 * a beacon without a valid one is dropped quietly (no reason given: nobody reads the answer).
 */
export async function readInstallTap(req: Request, readDownloadGrant: (raw: string) => VerifiedGrant | null): Promise<InstallTap | null> {
  const body = installTapSchema.safeParse(await readJsonBody(req).catch(() => null));
  const grant = body.success ? readDownloadGrant(body.data.grant) : null;
  if (!body.success || !grant) return null;
  return { artifactId: grant.artifactId, shareLinkId: grant.shareLinkId, channel: body.data.channel ?? null };
}
