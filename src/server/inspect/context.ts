import type { FileSource } from "./file-source";
import type { InspectedIcon, InspectionHints, InspectionLimits } from "./types";

/** What every format inspector gets. Inspectors throw InspectError for invalid input. */
export interface InspectContext {
  source: FileSource;
  hints: InspectionHints;
  now: Date;
  limits: InspectionLimits;
  warnings: string[];
}

export interface FormatResult {
  metadata: Record<string, unknown>;
  icon?: InspectedIcon;
}
