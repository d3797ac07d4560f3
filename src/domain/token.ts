import { z } from "zod";
import { hiddenCharacterProblem } from "./visible-text";

export const TOKEN_SCOPES = ["apps:read", "apps:write", "releases:read", "releases:upload", "releases:publish", "channels:promote", "tokens:manage", "audit:read", "admin"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** What each scope allows, for pickers and docs. */
export const TOKEN_SCOPE_DESCRIPTIONS: Record<TokenScope, string> = {
  "apps:read": "List and read apps",
  "apps:write": "Create, edit and delete apps",
  "releases:read": "List and read releases and channels",
  "releases:upload": "Open upload sessions and send bytes",
  "releases:publish": "Create releases from completed uploads",
  "channels:promote": "Promote and roll back channels",
  "tokens:manage": "List, create and revoke tokens",
  "audit:read": "Read the audit log",
  admin: "Everything",
};

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

export const tokenNameSchema = z
  .string({ error: "token name must be a string" })
  .trim()
  .min(1, "token name must not be empty")
  .max(64, "token name must be at most 64 characters")
  .superRefine((name, ctx) => {
    // The name is how the console, the audit log and whoami tell tokens apart: it must read as what it holds.
    const problem = hiddenCharacterProblem(name, "token name", "they can make the name read as another token's");
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** Lifetime of a new token: a number of days, or "never" (only admins may ask for that). */
export const tokenLifetimeSchema = z.union([
  z.literal("never"),
  z.number({ error: 'expiry must be a number of days or "never"' }).int("expiry must be whole days").positive("expiry must be at least one day"),
]);

export const createTokenInputSchema = z.object({
  name: tokenNameSchema,
  scopes: z.array(tokenScopeSchema).min(1, "a token needs at least one scope").max(TOKEN_SCOPES.length),
  /** App slug the token is restricted to. */
  app: z.string().min(1).max(64).optional(),
  /** Channel name the token is restricted to (needs an app). */
  channel: z.string().min(1).max(32).optional(),
  expiresInDays: tokenLifetimeSchema.optional(),
});
export type CreateTokenInput = z.input<typeof createTokenInputSchema>;

/** A token as APIs show it: never the hash, never the raw value. */
export type PublicToken = Omit<Token, "tokenHash">;

export function toPublicToken({ tokenHash: _hash, ...token }: Token): PublicToken {
  return token;
}

/** Parses "90d", "12" or "never" as typed on a command line. */
export function parseLifetime(text: string): number | "never" | null {
  if (text === "never") return "never";
  const match = /^(\d{1,5})d?$/.exec(text.trim());
  return match ? Number(match[1]) : null;
}
