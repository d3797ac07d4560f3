import type { TokenGrant } from "@/domain/token-grant";

/**
 * The verified token identity proxy.ts hands to route handlers. proxy.ts deletes any incoming
 * header of this name first, so a client can never supply it.
 */
export const TOKEN_IDENTITY_HEADER = "x-shipyard-token-identity";

export interface TokenIdentity extends TokenGrant {
  tokenId: string;
  name: string;
}

export function encodeIdentity(identity: TokenIdentity): string {
  return Buffer.from(JSON.stringify(identity), "utf8").toString("base64url");
}

export function decodeIdentity(value: string | null): TokenIdentity | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as TokenIdentity;
    return typeof parsed.tokenId === "string" && Array.isArray(parsed.scopes) ? parsed : null;
  } catch {
    return null;
  }
}
