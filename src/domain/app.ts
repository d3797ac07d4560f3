import { z } from "zod";
import { type BundleIds, bundleIdsSchema } from "./bundle-id";
import { slugSchema } from "./slug";
import { hiddenCharacterProblem } from "./visible-text";

export const VISIBILITIES = ["public", "unlisted", "private"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const visibilitySchema = z.enum(VISIBILITIES, {
  error: (issue) => `visibility ${JSON.stringify(issue.input)} must be one of ${VISIBILITIES.join(", ")}`,
});

export const displayNameSchema = z
  .string({ error: "display name must be a string" })
  .trim()
  .min(1, "display name must not be empty")
  .max(100, "display name must be at most 100 characters")
  .superRefine((name, ctx) => {
    // Install pages show it as the app's identity: it must read as what it is.
    const problem = hiddenCharacterProblem(name, "display name", "they can make the name read as another");
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export interface App {
  id: string;
  slug: string;
  displayName: string;
  bundleIds: BundleIds;
  ownerId: string | null;
  visibility: Visibility;
  /** Sent by the app's update checks ("spk_…"); public by design, since it ships inside the app. */
  updateKey: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const createAppFields = {
  slug: slugSchema,
  displayName: displayNameSchema,
  bundleIds: bundleIdsSchema.default({}),
  visibility: visibilitySchema.default("private"),
};

const updateAppFields = {
  displayName: displayNameSchema.optional(),
  bundleIds: bundleIdsSchema.optional(),
  visibility: visibilitySchema.optional(),
};

const somethingToUpdate = (patch: Record<string, unknown>) => Object.values(patch).some((v) => v !== undefined);

export const createAppInputSchema = z.object(createAppFields);
export type CreateAppInput = z.input<typeof createAppInputSchema>;

export const updateAppInputSchema = z.object(updateAppFields).refine(somethingToUpdate, { message: "nothing to update" });
export type UpdateAppInput = z.input<typeof updateAppInputSchema>;

/** Names an unknown field (cut short: it is the caller's text) and why a slug cannot be patched. */
function unknownFields(keys: readonly string[]): string {
  const names = keys.slice(0, 5).map((key) => JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key));
  const slug = keys.includes("slug") ? " (an app's slug cannot be changed: it is in every install link)" : "";
  return `unknown field${keys.length === 1 ? "" : "s"} ${names.join(", ")}${keys.length > 5 ? ", …" : ""}${slug}`;
}

const strictError = { error: (issue: { code?: string; keys?: string[] }) => (issue.code === "unrecognized_keys" ? unknownFields(issue.keys ?? []) : undefined) };

// The REST bodies refuse unknown fields instead of dropping them: a misspelt "displayname" or a
// "slug" sent to PATCH would otherwise answer 200 having changed nothing the caller meant.
export const createAppRequestSchema = z.strictObject(createAppFields, strictError);
export const updateAppRequestSchema = z.strictObject(updateAppFields, strictError).refine(somethingToUpdate, { message: "nothing to update" });
