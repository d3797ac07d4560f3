import { z } from "zod";

// Share links open a private app's install pages to people without an account. The raw link is
// shown once (like an API token) and stored as a SHA-256 hash; revoking it, letting it expire or
// reaching its install cap closes it, including download grants already handed out through it.

export interface ShareLink {
  id: string;
  appId: string;
  /** What the admin called it ("QA vendor", "Beta group 2"). */
  name: string;
  tokenHash: string;
  displayPrefix: string;
  expiresAt: Date | null;
  /** Installs allowed through this link; null for no cap. */
  maxInstalls: number | null;
  installCount: number;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export type PublicShareLink = Omit<ShareLink, "tokenHash">;

export function toPublicShareLink({ tokenHash: _hash, ...link }: ShareLink): PublicShareLink {
  return link;
}

export const SHARE_LINK_DEFAULT_TTL_DAYS = 14;
export const SHARE_LINK_MAX_TTL_DAYS = 365;

export const createShareLinkInputSchema = z.object({
  name: z
    .string({ error: "name must be a string" })
    .trim()
    .min(1, "name must not be empty")
    .max(100, "name must be at most 100 characters")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: "name must not contain control characters" }),
  expiresInDays: z
    .number({ error: "expiresInDays must be a number" })
    .int("expiresInDays must be a whole number")
    .min(1, "a share link lives at least 1 day")
    .max(SHARE_LINK_MAX_TTL_DAYS, `a share link lives at most ${SHARE_LINK_MAX_TTL_DAYS} days`)
    .default(SHARE_LINK_DEFAULT_TTL_DAYS),
  maxInstalls: z.number({ error: "maxInstalls must be a number" }).int("maxInstalls must be a whole number").min(1, "maxInstalls must be at least 1").max(1_000_000).nullable().default(null),
});
export type CreateShareLinkInput = z.input<typeof createShareLinkInputSchema>;

export type ShareLinkState = "active" | "revoked" | "expired" | "exhausted";

/** Why a link does or does not open the app right now. */
export function shareLinkState(link: Pick<ShareLink, "revokedAt" | "expiresAt" | "maxInstalls" | "installCount">, now: Date): ShareLinkState {
  if (link.revokedAt) return "revoked";
  if (link.expiresAt && link.expiresAt.getTime() <= now.getTime()) return "expired";
  if (link.maxInstalls !== null && link.installCount >= link.maxInstalls) return "exhausted";
  return "active";
}
