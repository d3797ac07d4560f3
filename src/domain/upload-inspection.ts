// What the admin console shows of an upload's inspection before publishing: whether it has run,
// its verdict on the format and what the file declares, without the stored metadata (certificates,
// provisioned devices, digests) the page has no use for.
import { type Declared, declaredVersion } from "./declared-version";
import type { UploadSession } from "./upload";

export interface UploadInspectionView {
  id: string;
  filename: string;
  /** False until inspection has run: it starts after the last byte, off the request path. */
  inspected: boolean;
  /** The format check only: the app's bundle id and the release are judged when publishing. */
  status: "valid" | "invalid" | null;
  reasons: string[];
  warnings: string[];
  declared: Declared;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);

export function uploadInspectionView(session: Pick<UploadSession, "id" | "filename" | "inspection">): UploadInspectionView {
  const facts = session.inspection;
  const base = { id: session.id, filename: session.filename };
  if (!facts) return { ...base, inspected: false, status: null, reasons: [], warnings: [], declared: {} };
  const metadata = typeof facts.metadata === "object" && facts.metadata !== null ? (facts.metadata as Record<string, unknown>) : {};
  return {
    ...base,
    inspected: true,
    status: facts.status === "invalid" ? "invalid" : "valid",
    reasons: strings(facts.reasons),
    warnings: strings(facts.warnings),
    declared: declaredVersion({ kind: typeof facts.kind === "string" ? facts.kind : "unknown", metadata }),
  };
}
