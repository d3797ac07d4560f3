// GET /api/v1/apps/{app}/updates — in-app update check (token with releases:read, or the app's update key)
import { DomainError } from "@/domain/errors";
import { renderReleaseNotes } from "@/domain/markdown";
import { checkGrant, describeDenial } from "@/domain/token-grant";
import { updateCheckQuerySchema } from "@/domain/update-check";
import { parseOrThrow } from "@/domain/validate";
import { getStore } from "@/server/db";
import { APP_KEY_HEADER, appKeyMatches } from "@/server/http/app-key";
import { CLIENT_ADDRESS_HEADER } from "@/server/http/client-address";
import { errorResponse, jsonError } from "@/server/http/errors";
import { decodeIdentity, TOKEN_IDENTITY_HEADER } from "@/server/http/identity";
import { artifactLinks } from "@/server/http/install-links";
import { createRateLimiter } from "@/server/http/rate-limit";
import { installUrlFor } from "@/server/runtime";
import { getAppBySlugOrThrow } from "@/server/services/apps";
import { checkForUpdate } from "@/server/services/update-check";

export const dynamic = "force-dynamic";

// Apps check on launch and every few hours; a minute's allowance of 30 per device (and 600 per
// network address, for NAT) only stops loops.
const perDevice = createRateLimiter({ limit: 30, windowMs: 60_000 });
const perAddress = createRateLimiter({ limit: 600, windowMs: 60_000 });

export async function GET(req: Request, { params }: { params: Promise<{ app: string }> }): Promise<Response> {
  try {
    const store = await getStore();
    const identity = decodeIdentity(req.headers.get(TOKEN_IDENTITY_HEADER));
    const slug = (await params).app;
    // Without a token, an unknown app and a wrong key look the same: slugs are not disclosed.
    const app = identity ? await getAppBySlugOrThrow(store, slug) : await store.apps.getBySlug(slug);
    const url = new URL(req.url);
    const query = parseOrThrow(updateCheckQuerySchema, Object.fromEntries(url.searchParams), "update check");

    if (!app) {
      return jsonError(401, "UNAUTHORIZED", "send this app's update key in X-Shipyard-App-Key, or a token with releases:read");
    } else if (identity) {
      const decision = checkGrant(identity, { scope: "releases:read", appId: app.id, channel: query.channel });
      if (!decision.allowed) throw new DomainError("FORBIDDEN", describeDenial(decision));
    } else if (!appKeyMatches(app, req.headers.get(APP_KEY_HEADER))) {
      return jsonError(401, "UNAUTHORIZED", "send this app's update key in X-Shipyard-App-Key, or a token with releases:read");
    }

    const address = req.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
    const limited = [perAddress.hit(`${app.id}:${address}`), perDevice.hit(`${app.id}:${query.deviceId ?? query.udid ?? address}`)].find((r) => !r.ok);
    if (limited && !limited.ok) {
      const res = jsonError(429, "RATE_LIMITED", "too many update checks; try again later");
      res.headers.set("retry-after", String(limited.retryAfterSeconds));
      return res;
    }

    const result = await checkForUpdate(store, app, {
      platform: query.platform,
      currentBuild: query.currentBuild,
      channel: query.channel,
      deviceId: query.deviceId ?? null,
      udid: query.udid ?? null,
    });
    const noStore = { "cache-control": "private, no-store" };
    if (result.kind === "up_to_date") return new Response(null, { status: 204, headers: noStore });
    const { release, artifact } = result;
    const summary = { releaseId: release.id, version: release.version, build: release.build, channel: query.channel };
    if (result.kind === "device_not_provisioned") {
      return Response.json(
        { ...summary, status: "device_not_provisioned", message: "a newer build exists, but this device is not in its provisioning profile" },
        { headers: noStore },
      );
    }
    const links = artifactLinks(app, artifact, null);
    const meta = artifact.metadata;
    return Response.json(
      {
        ...summary,
        status: "update_available",
        mandatory: result.mandatory,
        notes: release.notes,
        notesHtml: renderReleaseNotes(release.notes),
        minOsVersion: typeof meta.minimumOsVersion === "string" ? meta.minimumOsVersion : null,
        minSdk: typeof meta.minSdk === "number" ? meta.minSdk : null,
        size: artifact.sizeBytes,
        sha256: artifact.sha256,
        publishedAt: (release.publishedAt ?? release.createdAt).toISOString(),
        installUrl: links.installUrl,
        downloadUrl: links.downloadUrl,
        pageUrl: installUrlFor(app.slug, release.id),
      },
      { headers: noStore },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
