// POST /api/install-tap — the install page's beacon: a tester pressed install or download
import { z } from "zod";
import { channelNameSchema } from "@/domain/channel";
import { getStore } from "@/server/db";
import { CLIENT_ADDRESS_HEADER } from "@/server/http/client-address";
import { createRateLimiter } from "@/server/http/rate-limit";
import { readDownloadGrant } from "@/server/http/grants";
import { readJsonBody } from "@/server/http/json-body";
import { recordInstallEvent } from "@/server/runtime";

export const dynamic = "force-dynamic";

// Taps are counted, not trusted: a replayed beacon could only inflate the funnel, so one address
// gets a tester's worth of taps a minute and the rest are dropped.
const perAddress = createRateLimiter({ limit: 60, windowMs: 60_000 });

const tapSchema = z.object({ grant: z.string().min(1).max(512), channel: channelNameSchema.nullable().optional() });

export async function POST(req: Request): Promise<Response> {
  const body = tapSchema.safeParse(await readJsonBody(req).catch(() => null));
  // The grant proves the page handed this file out; anything else is dropped quietly.
  const grant = body.success ? readDownloadGrant(body.data.grant) : null;
  if (!body.success || !grant) return new Response(null, { status: 400 });
  if (!perAddress.hit(req.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown").ok) return new Response(null, { status: 429 });
  const artifact = await (await getStore()).artifacts.getById(grant.artifactId);
  if (!artifact) return new Response(null, { status: 404 });
  recordInstallEvent({
    appId: artifact.appId,
    kind: "install_tap",
    releaseId: artifact.releaseId,
    artifactId: artifact.id,
    channel: body.data.channel ?? null,
    platform: artifact.platform,
    shareLinkId: grant.shareLinkId,
  });
  return new Response(null, { status: 204 });
}
