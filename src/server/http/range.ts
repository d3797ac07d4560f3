// Parsing of a single-range `Range: bytes=…` request header (RFC 9110 §14). Multiple ranges are
// answered with the whole file, which the RFC allows; anything malformed or beyond the end is 416.

export type RangeDecision = { kind: "full" } | { kind: "partial"; start: number; end: number } | { kind: "unsatisfiable" };

export function parseRange(header: string | null, size: number): RangeDecision {
  if (header === null) return { kind: "full" };
  const match = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!match) return { kind: "full" }; // another unit: ignore the header
  const specs = (match[1] ?? "").split(",").map((s) => s.trim());
  if (specs.length > 1) return { kind: "full" };
  const spec = /^(\d*)-(\d*)$/.exec(specs[0] ?? "");
  if (!spec || (spec[1] === "" && spec[2] === "")) return { kind: "unsatisfiable" };
  if (spec[1] === "") {
    const suffix = Number(spec[2]);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(spec[1]);
  const end = spec[2] === "" ? size - 1 : Math.min(Number(spec[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || end < start) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end };
}

/** RFC 6266 Content-Disposition with an ASCII fallback and the exact UTF-8 name (RFC 8187). */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * The same for a URL's signed query (a presigned redirect): a plain ASCII name needs no
 * `filename*`, whose `'` and `*` some S3-compatible servers (s3rver) encode differently from the
 * signer and then refuse the signature.
 */
export function queryContentDisposition(filename: string): string {
  return /^[\x20-\x7e]*$/.test(filename) && !/["\\%]/.test(filename) ? `attachment; filename="${filename}"` : contentDisposition(filename);
}

/** Whether an If-None-Match header matches our strong ETag (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === bare);
}
