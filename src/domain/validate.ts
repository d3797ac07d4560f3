import type { z } from "zod";
import { DomainError, type FieldIssue } from "./errors";

/** Parses input with a domain schema; invalid input becomes one DomainError listing every issue. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what = "input"): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
  throw new DomainError("INVALID", `Invalid ${what}: ${summary}`, { issues });
}
