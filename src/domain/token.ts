import { z } from "zod";

export const TOKEN_SCOPES = [
  "apps:read",
  "releases:read",
  "releases:upload",
  "releases:publish",
  "channels:promote",
  "tokens:manage",
  "audit:read",
  "admin",
] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const tokenScopeSchema = z.enum(TOKEN_SCOPES, {
  error: (issue) => `unknown scope ${JSON.stringify(issue.input)}; expected one of ${TOKEN_SCOPES.join(", ")}`,
});

/** A token row. The raw token is never stored: only its SHA-256 and a short prefix for display. */
export interface Token {
  id: string;
  name: string;
  tokenHash: string;
  displayPrefix: string;
  scopes: TokenScope[];
  /** When set, the token acts on this app only. */
  appId: string | null;
  /** When set, the token acts on this channel only. */
  channel: string | null;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}
