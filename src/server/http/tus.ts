// The tus 1.0 core protocol's rules for Shipyard's upload URLs (/api/uploads/{id}), which are tus
// upload resources: HEAD answers Upload-Offset and Upload-Length, PATCH appends at Upload-Offset.
// Shipyard's own clients and curl may also PUT from zero and omit Tus-Resumable; stock tus clients
// (tus-js-client, Uppy, TUSKit…) send it on every request and get the protocol's exact answers.
// Only the core protocol: uploads are created by POST /api/v1/uploads, never by a tus POST.

export const TUS_VERSION = "1.0.0";

/** On every answer of an upload URL, errors included. */
export const TUS_HEADERS = { "tus-resumable": TUS_VERSION, "cache-control": "no-store" } as const;

export const UPLOAD_METHODS = "PUT, PATCH, HEAD, OPTIONS";

/** The OPTIONS answer: what a client may ask of this server before it sends anything. */
export function tusDiscoveryHeaders(maxUploadBytes: number): Record<string, string> {
  return { ...TUS_HEADERS, "tus-version": TUS_VERSION, "tus-max-size": String(maxUploadBytes), allow: UPLOAD_METHODS };
}

/**
 * A request that names a tus version other than ours must be refused with 412 (tus 1.0 "Tus-Resumable"):
 * its client would read our answers by another protocol's rules. No header at all is Shipyard's
 * own protocol, which this server speaks too.
 */
export function unsupportedTusVersion(header: string | string[] | undefined): boolean {
  return header !== undefined && header !== TUS_VERSION;
}

/** A tus client sent this request: a PATCH that completes the upload answers 204, without a body. */
export function isTusRequest(header: string | string[] | undefined): boolean {
  return header === TUS_VERSION;
}
