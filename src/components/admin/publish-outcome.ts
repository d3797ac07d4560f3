// What a publish attempt came to, for the admin form: the files a refusal named (with the admin's
// per-file overrides across attempts) and, once published, each file's checks in words.
import { z } from "zod";
import { metadataOf } from "@/domain/metadata-reader";

const refusedFileSchema = z.object({ upload: z.string(), filename: z.string(), reasons: z.array(z.string()) });
export type RefusedFile = z.infer<typeof refusedFileSchema>;

// publishFromUploads' INTEGRITY error, as the tRPC error formatter exposes its details.
const refusalSchema = z.object({
  data: z.object({ domain: z.object({ code: z.literal("INTEGRITY"), files: z.array(refusedFileSchema).min(1) }) }),
});

/** The files a refused publish names, or null when the error is about something else. */
export function refusedFilesOf(error: unknown): RefusedFile[] | null {
  const parsed = refusalSchema.safeParse(error);
  return parsed.success ? parsed.data.data.domain.files : null;
}

export interface Overrides {
  /** Files refused in this round, including those the admin has since allowed (the server no longer names them). */
  refused: RefusedFile[];
  /** Upload ids the admin checked "Publish this file anyway" for. */
  allowed: string[];
}

export const NO_OVERRIDES: Overrides = { refused: [], allowed: [] };

const sameReasons = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((r, i) => r === b[i]);

/**
 * Folds a new refusal in. A file refused for other reasons than the ones the admin allowed it for
 * must be allowed again: an override covers what the admin saw, nothing else.
 */
export function withRefusal(state: Overrides, files: readonly RefusedFile[]): Overrides {
  const named = new Set(files.map((f) => f.upload));
  const kept = state.refused.filter((f) => state.allowed.includes(f.upload) && !named.has(f.upload));
  const refused = [...kept, ...files];
  const allowed = state.allowed.filter((id) => {
    const before = state.refused.find((f) => f.upload === id);
    const now = files.find((f) => f.upload === id);
    return refused.some((f) => f.upload === id) && (!now || (before !== undefined && sameReasons(before.reasons, now.reasons)));
  });
  return { refused, allowed };
}

export function withAllowed(state: Overrides, upload: string, allow: boolean): Overrides {
  const others = state.allowed.filter((id) => id !== upload);
  return { ...state, allowed: allow && state.refused.some((f) => f.upload === upload) ? [...others, upload] : others };
}

export interface ArtifactOutcome {
  filename: string;
  /** passed: valid on its own; overridden: failed, published because an admin allowed it. */
  status: "passed" | "overridden" | "failed" | "pending";
  /** Why it failed (for an overridden file, what the admin published over). */
  reasons: string[];
  warnings: string[];
}

/** One published file's checks, from what publishFromUploads stored in its metadata. */
export function artifactOutcome(artifact: { filename: string; validationStatus: string; metadata: Record<string, unknown> }): ArtifactOutcome {
  const m = metadataOf(artifact);
  const overridden = m.validationOverride !== undefined;
  const reasons = (overridden ? m.validationOverride?.reasons : m.validationReasons) ?? [];
  const status = overridden ? "overridden" : artifact.validationStatus === "valid" ? "passed" : artifact.validationStatus === "invalid" ? "failed" : "pending";
  return { filename: artifact.filename, status, reasons, warnings: m.validationWarnings ?? [] };
}

/** A server-written reason or warning as a sentence: capital first, full stop last. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
