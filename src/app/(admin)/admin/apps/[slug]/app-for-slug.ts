import { notFound } from "next/navigation";
import { cache } from "react";
import type { App } from "@/domain/app";
import { isDomainError } from "@/domain/errors";
import { type AppAccess, allows } from "@/domain/roles";
import { serverContext } from "@/server/composition";
import { getAppBySlugOrThrow } from "@/server/services/apps";
import { consoleAccessTo } from "../../require-admin";

/**
 * The app of the URL and what the signed-in user holds on it, or Next's 404 page (also for an app
 * they have no console role on: it is not theirs to know about). Cached per request so layout,
 * metadata and pages read it once; every page of an app reads it first (see require-admin.ts).
 */
export const appAndAccess = cache(async (slug: string): Promise<{ app: App; access: AppAccess }> => {
  let app: App;
  try {
    app = await getAppBySlugOrThrow((await serverContext()).store, slug);
  } catch (error) {
    if (isDomainError(error) && (error.code === "NOT_FOUND" || error.code === "INVALID")) notFound();
    throw error;
  }
  const access = await consoleAccessTo(app.id);
  if (access === null) notFound();
  return { app, access };
});

/** The app of the URL, for pages any viewer of it may see. */
export async function appForSlug(slug: string): Promise<App> {
  return (await appAndAccess(slug)).app;
}

/** The app of the URL for a page that needs `need` on it (maintainer pages, admin settings): 404 below that. */
export async function appRequiring(slug: string, need: AppAccess): Promise<App> {
  const { app, access } = await appAndAccess(slug);
  if (!allows(access, need)) notFound();
  return app;
}
