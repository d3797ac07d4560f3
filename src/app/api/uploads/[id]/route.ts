// PUT/PATCH/HEAD /api/uploads/{id} — stream the bytes of an upload session (capability URL).
// Outside proxy.ts's matcher on purpose: middleware would buffer and cut bodies at 10 MB. The
// unguessable session id, bound to one app, size and digest, is the authorisation.
import { Readable } from "node:stream";
import { isDomainError } from "@/domain/errors";
import { errorResponse, jsonError } from "@/server/http/errors";
import { getUploadDeps } from "@/server/runtime";
import { currentOffset, getUploadSessionOrThrow, receiveUploadBytes } from "@/server/services/uploads";

export const dynamic = "force-dynamic";

type Route = { params: Promise<{ id: string }> };

const TUS_HEADERS = { "tus-resumable": "1.0.0", "cache-control": "no-store" };

function bodyStream(req: Request): Readable {
  return req.body ? Readable.fromWeb(req.body as import("node:stream/web").ReadableStream) : Readable.from([]);
}

function contentLength(req: Request): number | undefined {
  const value = req.headers.get("content-length");
  return value === null || !/^\d+$/.test(value) ? undefined : Number(value);
}

function failure(error: unknown): Response {
  if (isDomainError(error) && (error.details.state === "expired" || error.details.state === "failed")) return jsonError(410, "GONE", error.message);
  const res = errorResponse(error);
  if (isDomainError(error) && typeof error.details.offset === "number") res.headers.set("upload-offset", String(error.details.offset));
  return res;
}

async function receive(req: Request, route: Route, offset: number | "restart"): Promise<Response> {
  try {
    const { id } = await route.params;
    const result = await receiveUploadBytes(await getUploadDeps(), id, bodyStream(req), { offset, contentLength: contentLength(req) });
    const headers = { ...TUS_HEADERS, "upload-offset": String(result.offset) };
    if (!result.complete) return new Response(null, { status: 204, headers });
    const { session } = result;
    return Response.json({ id: session.id, state: session.state, sizeBytes: session.sizeBytes, sha256: session.sha256 }, { headers });
  } catch (error) {
    return failure(error);
  }
}

export function PUT(req: Request, route: Route): Promise<Response> {
  return receive(req, route, "restart");
}

export function PATCH(req: Request, route: Route): Promise<Response> {
  const header = req.headers.get("upload-offset");
  if (header === null || !/^\d+$/.test(header)) {
    req.body?.cancel().catch(() => undefined);
    return Promise.resolve(jsonError(400, "INVALID", "PATCH needs an Upload-Offset header with the current offset (see HEAD)"));
  }
  return receive(req, route, Number(header));
}

export async function HEAD(_req: Request, route: Route): Promise<Response> {
  try {
    const deps = await getUploadDeps();
    const session = await getUploadSessionOrThrow(deps.store, (await route.params).id);
    if (session.state === "expired" || session.state === "failed") return new Response(null, { status: 410, headers: TUS_HEADERS });
    return new Response(null, {
      status: 200,
      headers: { ...TUS_HEADERS, "upload-offset": String(await currentOffset(deps, session)), "upload-length": String(session.sizeBytes) },
    });
  } catch (error) {
    return new Response(null, { status: failure(error).status, headers: TUS_HEADERS });
  }
}
