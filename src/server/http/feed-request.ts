import { deviceIdSchema } from "@/domain/rollout";
import type { FeedRequest } from "../services/feed-documents";

const BEARER = /^Bearer ([^\s]+)$/;

/**
 * A desktop feed request's parts. Updaters name their device in a header: Shipyard's own, or
 * electron-updater's staging id; the query parameter is for clients that cannot set headers. A
 * malformed id counts as none.
 */
export function readFeedRequest(req: Request, slug: string, path: readonly string[]): FeedRequest {
  const rawDevice = req.headers.get("x-shipyard-device-id") ?? req.headers.get("x-user-staging-id") ?? new URL(req.url).searchParams.get("deviceId");
  const device = deviceIdSchema.safeParse(rawDevice);
  return {
    slug,
    path,
    bearer: BEARER.exec(req.headers.get("authorization") ?? "")?.[1] ?? null,
    deviceId: device.success ? device.data : null,
  };
}
