// GET /s/{secret} — redeem a share link: remember it for its app and go to the app's install page
import { getStore } from "@/server/db";
import { shareCookieHeader } from "@/server/http/share-cookie";
import { recordInstallEvent } from "@/server/runtime";
import { resolveShareLink } from "@/server/services/share-links";

export const dynamic = "force-dynamic";

const REASONS = {
  unknown: "This share link is not valid.",
  revoked: "This share link was revoked by the app's owner.",
  expired: "This share link has expired.",
} as const;

function closedPage(message: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Link closed · Shipyard</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}@media(prefers-color-scheme:dark){body{background:#020617;color:#f1f5f9}}</style></head><body><h1>Link closed</h1><p>${message}</p><p>Ask whoever sent it for a new link.</p></body></html>`;
  return new Response(html, { status: 410, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

export async function GET(_req: Request, { params }: { params: Promise<{ secret: string }> }): Promise<Response> {
  const { secret } = await params;
  const store = await getStore();
  const result = await resolveShareLink(store, secret);
  if (!result.ok) return closedPage(REASONS[result.reason]);
  const app = await store.apps.getById(result.link.appId);
  if (!app) return closedPage(REASONS.unknown);
  recordInstallEvent({ appId: app.id, kind: "share_open", releaseId: null, artifactId: null, channel: null, platform: null, shareLinkId: result.link.id });
  return new Response(null, {
    status: 303,
    headers: { location: `/${app.slug}`, "set-cookie": shareCookieHeader(app.slug, secret, result.link.expiresAt), "cache-control": "no-store", "referrer-policy": "no-referrer" },
  });
}
