/** Reads a small urlencoded form, streaming; null when the body is anything else or too large. */
export async function readSmallForm(req: Request, limit: number): Promise<URLSearchParams | null> {
  if (!(req.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) return null;
  if (Number(req.headers.get("content-length") ?? "0") > limit || !req.body) return null;
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(chunk.value);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
