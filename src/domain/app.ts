import { z } from "zod";
import { type BundleIds, bundleIdsSchema } from "./bundle-id";
import { slugSchema } from "./slug";

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
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: "display name must not contain control characters" });

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

export const createAppInputSchema = z.object({
  slug: slugSchema,
  displayName: displayNameSchema,
  bundleIds: bundleIdsSchema.default({}),
  visibility: visibilitySchema.default("private"),
});
export type CreateAppInput = z.input<typeof createAppInputSchema>;

export const updateAppInputSchema = z
  .object({
    displayName: displayNameSchema.optional(),
    bundleIds: bundleIdsSchema.optional(),
    visibility: visibilitySchema.optional(),
  })
  .refine((patch) => Object.values(patch).some((v) => v !== undefined), { message: "nothing to update" });
export type UpdateAppInput = z.input<typeof updateAppInputSchema>;
