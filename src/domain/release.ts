import { z } from "zod";
import { artifactInputSchema } from "./artifact";
import { channelNameSchema } from "./channel";
import { buildSchema, versionSchema } from "./version";

export const MAX_NOTES_LENGTH = 20_000;
export const MAX_ARTIFACTS_PER_RELEASE = 20;

export interface Release {
  id: string;
  appId: string;
  version: string;
  build: string;
  /** The channel the release was published to; promotion may later point other channels at it. */
  channel: string;
  /** Markdown, rendered sanitized on install pages. */
  notes: string;
  createdBy: string;
  createdAt: Date;
  publishedAt: Date | null;
}

export const notesSchema = z.string({ error: "notes must be a string" }).max(MAX_NOTES_LENGTH, `notes must be at most ${MAX_NOTES_LENGTH} characters`);

export const publishReleaseInputSchema = z
  .object({
    version: versionSchema,
    build: buildSchema,
    channel: channelNameSchema,
    notes: notesSchema.default(""),
    artifacts: z.array(artifactInputSchema).min(1, "a release needs at least one artifact").max(MAX_ARTIFACTS_PER_RELEASE, `a release has at most ${MAX_ARTIFACTS_PER_RELEASE} artifacts`),
    /** Point the channel at the new release right away (through its gates). */
    promote: z.boolean().default(false),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.artifacts.forEach((artifact, index) => {
      const key = `${artifact.platform}/${artifact.filename}`;
      if (seen.has(key)) {
        ctx.addIssue({ code: "custom", path: ["artifacts", index, "filename"], message: `duplicate artifact ${key}` });
      }
      seen.add(key);
    });
  });
export type PublishReleaseInput = z.input<typeof publishReleaseInputSchema>;
