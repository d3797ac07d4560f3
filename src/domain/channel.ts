import { z } from "zod";
import { platformSchema } from "./platform";
import type { ReleaseLabel } from "./release-label";
import { retentionPolicySchema } from "./retention";
import { buildSchema } from "./version";

export const DEFAULT_CHANNELS = ["stable", "beta", "internal"] as const;

/** Channel names appear in URLs (`/{app}/{channel}`), so words used by sibling routes are taken. */
export const RESERVED_CHANNEL_NAMES: ReadonlySet<string> = new Set(["releases", "updates", "feed", "feeds", "manifest", "install", "history", "settings", "api", "d"]);

export const channelNameSchema = z
  .string({ error: "channel must be a string" })
  .min(1, "channel name must not be empty")
  .max(32, "channel name must be at most 32 characters")
  .refine((s) => /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(s), {
    error: (issue) => `channel name ${JSON.stringify(issue.input)} must start with a lowercase letter and contain only lowercase letters, digits and single hyphens`,
  })
  .refine((s) => !RESERVED_CHANNEL_NAMES.has(s), {
    error: (issue) => `channel name "${String(issue.input)}" is reserved`,
  });

export const rolloutPercentSchema = z
  .number({ error: "rollout percent must be a number" })
  .int("rollout percent must be a whole number")
  .min(0, "rollout percent must be between 0 and 100")
  .max(100, "rollout percent must be between 0 and 100");

// The fields of a channel's policy, without defaults: the full policy below fills them in, a
// policy change (PATCH) names only those it changes.
const policyFields = {
  /** Every artifact of a promoted release must have passed inspection. */
  requireValidArtifacts: z.boolean(),
  /** Platforms a release must carry to be promoted here. */
  requiredPlatforms: z.array(platformSchema),
  /** Builds below this are told the update is mandatory. */
  minimumSupportedBuild: buildSchema.nullable(),
  /** A file whose own version/build differs from the release's: flag it, or refuse it. */
  versionMismatch: z.enum(["warn", "reject"]),
  /** How long releases of this channel are kept; null: the default for its name (see retention.ts). */
  retention: retentionPolicySchema.nullable(),
};

/** Gates a promotion must pass, update policy read by the update-check API, and retention. */
export const channelPolicySchema = z
  .object({
    requireValidArtifacts: policyFields.requireValidArtifacts.default(true),
    requiredPlatforms: policyFields.requiredPlatforms.default([]),
    minimumSupportedBuild: policyFields.minimumSupportedBuild.default(null),
    versionMismatch: policyFields.versionMismatch.default("warn"),
    retention: policyFields.retention.default(null),
  })
  .strict();

/** A policy change: the fields given replace the channel's, the others stay as they are. */
export const channelPolicyPatchSchema = z.object(policyFields).partial().strict();

export type ChannelPolicy = z.output<typeof channelPolicySchema>;
export const DEFAULT_CHANNEL_POLICY: ChannelPolicy = channelPolicySchema.parse({});

export interface Channel {
  id: string;
  appId: string;
  name: string;
  currentReleaseId: string | null;
  previousReleaseId: string | null;
  policy: ChannelPolicy;
  rolloutPercent: number;
  createdAt: Date;
  updatedAt: Date;
}

export const CHANNEL_HISTORY_KINDS = ["promote", "rollback", "rollout"] as const;
export type ChannelHistoryKind = (typeof CHANNEL_HISTORY_KINDS)[number];

/**
 * One move of a channel (its pointer or its rollout percent), kept so rollback is a single audited
 * step. A record of what happened: it outlives the releases it names, and keeps their labels.
 */
export interface ChannelHistoryEntry {
  id: string;
  channelId: string;
  /** The channel's release after the move; null once that release is deleted. */
  releaseId: string | null;
  releaseLabel: ReleaseLabel;
  /** The channel's release before the move; null when it had none, or when that release is deleted. */
  fromReleaseId: string | null;
  /** null only when the channel had no release before (its first promotion). */
  fromReleaseLabel: ReleaseLabel | null;
  kind: ChannelHistoryKind;
  rolloutPercent: number;
  actor: string;
  createdAt: Date;
}

/** A release as a channel's history names it: its label, and its id while it exists (null once deleted). */
export interface HistoryRelease extends ReleaseLabel {
  id: string | null;
}

/**
 * A move as the services record it: the releases as they hold them already (they must exist), so
 * the row keeps their ids and labels without the store reading them again.
 */
export type NewChannelHistoryEntry = Pick<ChannelHistoryEntry, "channelId" | "kind" | "rolloutPercent" | "actor"> & {
  release: ReleaseLabel & { id: string };
  fromRelease: (ReleaseLabel & { id: string }) | null;
};

export const createChannelInputSchema = z.object({
  name: channelNameSchema,
  policy: channelPolicySchema.default(DEFAULT_CHANNEL_POLICY),
  rolloutPercent: rolloutPercentSchema.default(100),
});
export type CreateChannelInput = z.input<typeof createChannelInputSchema>;

export const updateChannelInputSchema = z
  .object({
    policy: channelPolicyPatchSchema.optional(),
    rolloutPercent: rolloutPercentSchema.optional(),
  })
  .refine((patch) => patch.policy !== undefined || patch.rolloutPercent !== undefined, {
    message: "nothing to update",
  });
export type UpdateChannelInput = z.input<typeof updateChannelInputSchema>;

/** Body of a promotion request (REST and CLI). */
export const promoteRequestSchema = z.object({
  releaseId: z.string().min(1).max(100),
  rolloutPercent: rolloutPercentSchema.optional(),
  /** Allow moving to an older build. */
  rollback: z.boolean().optional(),
});
