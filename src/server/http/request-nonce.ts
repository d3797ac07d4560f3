import { headers } from "next/headers";

/**
 * The CSP nonce of the page being rendered, for Shipyard's own inline scripts. The Node server puts
 * the policy on the request (src/server/http/security-headers.ts) and Next reads its nonce from
 * there for its own scripts; this reads the same place. Undefined on a prerendered page, whose
 * policy allows inline scripts without one.
 */
export async function requestNonce(): Promise<string | undefined> {
  const policy = (await headers()).get("content-security-policy");
  return policy?.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
}
