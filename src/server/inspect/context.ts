import type { ArtifactSource } from "./artifact-source";
import type { InspectedIcon, InspectionHints, InspectionLimits } from "./types";

/** What every format inspector gets. Inspectors throw InspectError for invalid input. */
export interface InspectContext {
  source: ArtifactSource;
  hints: InspectionHints;
  now: Date;
  limits: InspectionLimits;
  warnings: string[];
}

export interface FormatResult {
  metadata: Record<string, unknown>;
  icon?: InspectedIcon;
}
