import { notFound } from "next/navigation";
import { cache } from "react";
import type { App } from "@/domain/app";
import { isDomainError } from "@/domain/errors";
import { serverContext } from "@/server/composition";
import { getAppBySlugOrThrow } from "@/server/services/apps";
import { requireAdmin } from "../../require-admin";

/**
 * The app of the URL, or Next's 404 page; cached per request so layout, metadata and pages read it
 * once. Every page of an app reads it first, so the admin check is here (see require-admin.ts).
 */
export const appForSlug = cache(async (slug: string): Promise<App> => {
  await requireAdmin();
  try {
    return await getAppBySlugOrThrow((await serverContext()).store, slug);
  } catch (error) {
    if (isDomainError(error) && (error.code === "NOT_FOUND" || error.code === "INVALID")) notFound();
    throw error;
  }
});
