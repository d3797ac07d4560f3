import { readBodyUpTo } from "./bounded-body";

/** Reads a small urlencoded form, streaming; null when the body is anything else or too large. */
export async function readSmallForm(req: Request, limit: number): Promise<URLSearchParams | null> {
  if (!(req.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) return null;
  if (Number(req.headers.get("content-length") ?? "0") > limit || !req.body) return null;
  const bytes = await readBodyUpTo(req.body, limit);
  return bytes && new URLSearchParams(bytes.toString("utf8"));
}
