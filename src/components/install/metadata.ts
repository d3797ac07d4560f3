import type { Metadata } from "next";
import { getStore } from "@/server/db";

/**
 * Page metadata that never reveals a private app: its name appears only in the page itself,
 * which checks access. Link previews of install pages are not indexed.
 */
export async function installMetadata(slug: string): Promise<Metadata> {
  const app = await (await getStore()).apps.getBySlug(slug);
  const title = app && app.visibility !== "private" ? `Install ${app.displayName}` : "Install";
  return { title, robots: { index: app?.visibility === "public", follow: false }, referrer: "no-referrer" };
}
