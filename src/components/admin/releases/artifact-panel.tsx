import { PLATFORM_LABELS } from "@/components/install/labels";
import { Badge, Card, cx } from "@/components/ui";
import type { Artifact } from "@/domain/artifact";
import { formatBytes } from "@/domain/format";
import { artifactMetadataFacts } from "../artifact-details";
import { artifactOutcome, sentence } from "../publish-outcome";

const OUTCOME_BADGES = {
  passed: { tone: "success", text: "valid" },
  overridden: { tone: "warning", text: "valid (allowed by an admin)" },
  failed: { tone: "danger", text: "invalid" },
  pending: { tone: "warning", text: "pending" },
} as const;

/**
 * One file of a release: what it is, its checks (reasons, warnings, an admin's override), its
 * digest and a download link, then everything inspection read from it.
 */
export function ArtifactPanel({ artifact, downloadUrl }: { artifact: Artifact; downloadUrl: string | null }) {
  const outcome = artifactOutcome(artifact);
  const badge = OUTCOME_BADGES[outcome.status];
  const facts = artifactMetadataFacts(artifact);
  return (
    <Card className="flex flex-col gap-3" data-testid="artifact-panel" data-platform={artifact.platform}>
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div className="flex min-w-0 flex-col gap-1">
          <h3 className="font-semibold break-all" data-testid="artifact-filename">
            {artifact.filename}
          </h3>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {PLATFORM_LABELS[artifact.platform]} · {formatBytes(artifact.sizeBytes)}
          </p>
        </div>
        <Badge tone={badge.tone} data-testid="artifact-validation">
          {badge.text}
        </Badge>
      </header>

      {outcome.status === "overridden" ? <p className="text-sm text-amber-900 dark:text-amber-200">An admin published this file although it failed these checks:</p> : null}
      {outcome.reasons.length > 0 ? (
        <ul className="list-disc pl-5 text-sm text-red-800 dark:text-red-300" aria-label="Why it failed validation" data-testid="artifact-reasons">
          {outcome.reasons.map((r) => (
            <li key={r}>{sentence(r)}</li>
          ))}
        </ul>
      ) : null}
      {outcome.warnings.length > 0 ? (
        <ul className="list-disc pl-5 text-sm text-amber-900 dark:text-amber-200" aria-label="Warnings" data-testid="artifact-warnings">
          {outcome.warnings.map((w) => (
            <li key={w}>{sentence(w)}</li>
          ))}
        </ul>
      ) : null}

      <div className="flex flex-col gap-1 text-sm">
        <span className="text-slate-600 dark:text-slate-400">SHA-256</span>
        <code className="font-mono text-xs break-all select-all" data-testid="artifact-sha256">
          {artifact.sha256}
        </code>
      </div>
      <div>
        {downloadUrl ? (
          <a
            href={downloadUrl}
            download={artifact.filename}
            className="text-sm font-medium text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-100"
            data-testid="artifact-download"
          >
            Download {artifact.filename}
          </a>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="artifact-not-served">
            {outcome.status === "pending" ? "Not downloadable until its checks finish." : "Not downloadable: files that fail validation are never served."}
          </p>
        )}
      </div>

      {facts.length > 0 ? (
        <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]" data-testid="artifact-facts">
          {facts.map((f) => (
            <div key={f.label} className="contents" data-fact={f.label}>
              <dt className="text-slate-600 sm:pt-0.5 dark:text-slate-400">{f.label}</dt>
              <dd className={cx("mb-1 min-w-0 sm:mb-0", f.mono && "font-mono text-xs break-all sm:pt-1", f.attention && "font-medium text-red-800 dark:text-red-300")}>{f.value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">Inspection read nothing more from this file.</p>
      )}
    </Card>
  );
}
