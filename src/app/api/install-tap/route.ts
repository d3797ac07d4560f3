// POST /api/install-tap — the install page's beacon: a tester pressed install or download
import { z } from "zod";
import { channelNameSchema } from "@/domain/channel";
import { getStore } from "@/server/db";
import { readDownloadGrant } from "@/server/http/grants";
import { readJsonBody } from "@/server/http/json-body";
import { recordInstallEvent } from "@/server/runtime";

export const dynamic = "force-dynamic";

const tapSchema = z.object({ grant: z.string().min(1).max(512), channel: channelNameSchema.nullable().optional() });

export async function POST(req: Request): Promise<Response> {
  const body = tapSchema.safeParse(await readJsonBody(req).catch(() => null));
  // The grant proves the page handed this file out; anything else is dropped quietly.
  const grant = body.success ? readDownloadGrant(body.data.grant) : null;
  if (!body.success || !grant) return new Response(null, { status: 400 });
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
