// The personal share link secret of an outside tester, derived from the server's secret and the
// member row's id instead of drawn at random: a share link's secret is stored only as a hash, and
// every release notice must repeat it. Whoever holds the server's secret could derive these, as
// they could forge any session or grant already; rotating the secret ends them all.
import { createHmac } from "node:crypto";
import { formatToken, SHARE_LINK_PREFIX, TOKEN_RANDOM_BYTES } from "@/domain/token-format";

export type TesterLinkSecrets = (memberId: string) => string;

export function createTesterLinkSecrets(serverSecret: string): TesterLinkSecrets {
  // A key of its own, so these MACs can never coincide with another use of the server's secret.
  const key = createHmac("sha256", serverSecret).update("shipyard/tester-share-link/v1").digest();
  return (memberId) => formatToken(createHmac("sha512", key).update(memberId).digest().subarray(0, TOKEN_RANDOM_BYTES), SHARE_LINK_PREFIX);
}
