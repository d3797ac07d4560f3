// POST /api/install-tap — the install page's beacon: a tester pressed install or download
import { serverContext } from "@/server/composition";
import { CLIENT_ADDRESS_HEADER } from "@/server/http/client-address";
import { readInstallTap } from "@/server/http/install-tap-body";
import { createRateLimiter } from "@/server/http/rate-limit";
import { recordInstallTap } from "@/server/services/install-taps";

export const dynamic = "force-dynamic";

// Taps are counted, not trusted: a replayed beacon could only inflate the funnel, so one address
// gets a tester's worth of taps a minute and the rest are dropped.
const perAddress = createRateLimiter({ limit: 60, windowMs: 60_000 });

export async function POST(req: Request): Promise<Response> {
  const { store, grants, installEvents } = await serverContext();
  const tap = await readInstallTap(req, grants.readDownloadGrant);
  if (!tap) return new Response(null, { status: 400 });
  if (!perAddress.hit(req.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown").ok) return new Response(null, { status: 429 });
  const recorded = await recordInstallTap({ store, recordInstallEvent: (event) => installEvents.record(event) }, tap);
  return new Response(null, { status: recorded ? 204 : 404 });
}
