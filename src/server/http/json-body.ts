import type { z } from "zod";
import { DomainError } from "@/domain/errors";
import { parseOrThrow } from "@/domain/validate";
import { readBodyUpTo } from "./bounded-body";

/** Control-plane requests are small JSON documents; artifacts never travel this way. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** Reads at most `limit` bytes of a request body, streaming, and parses it as JSON. */
export async function readJsonBody(req: Request, limit = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw new DomainError("TOO_LARGE", `request body must be at most ${limit} bytes`);
  if (!req.body) throw new DomainError("INVALID", "request body must be a JSON document");
  const bytes = await readBodyUpTo(req.body, limit);
  if (!bytes) throw new DomainError("TOO_LARGE", `request body must be at most ${limit} bytes`);
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new DomainError("INVALID", "request body is not valid JSON");
  }
}

export async function parseJsonBody<S extends z.ZodType>(req: Request, schema: S, what: string): Promise<z.output<S>> {
  return parseOrThrow(schema, await readJsonBody(req), what);
}
