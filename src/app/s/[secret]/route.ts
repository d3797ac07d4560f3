// GET /s/{secret} — redeem a share link: remember it for its app and go to the app's install page
import { serverContext } from "@/server/composition";
import { closedLinkPage } from "@/server/http/closed-link-page";
import { shareCookieHeader } from "@/server/http/share-cookie";
import { redeemShareLink } from "@/server/services/share-links";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, { params }: { params: Promise<{ secret: string }> }): Promise<Response> {
  const { secret } = await params;
  const { store, installEvents } = await serverContext();
  const opened = await redeemShareLink({ store, recordInstallEvent: (event) => installEvents.record(event) }, secret);
  if (!opened.ok) return closedLinkPage(opened.reason);
  return new Response(null, {
    status: 303,
    headers: { location: `/${opened.app.slug}`, "set-cookie": shareCookieHeader(opened.app.slug, secret, opened.link.expiresAt), "cache-control": "no-store", "referrer-policy": "no-referrer" },
  });
}
