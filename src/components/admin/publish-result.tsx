"use client";

import { type ArtifactOutcome, artifactOutcome, sentence } from "./publish-outcome";

interface Published {
  release: { version: string; build: string; channel: string };
  promoted: boolean;
  installUrl: string;
  artifacts: { id: string; filename: string; validationStatus: string; metadata: Record<string, unknown> }[];
}

const STATUS: Record<ArtifactOutcome["status"], { text: string; className: string }> = {
  passed: { text: "passed the checks", className: "text-emerald-800 dark:text-emerald-200" },
  overridden: { text: "failed the checks, published anyway", className: "text-amber-800 dark:text-amber-200" },
  failed: { text: "failed the checks: not offered for install", className: "text-red-800 dark:text-red-200" },
  pending: { text: "not checked yet", className: "text-slate-700 dark:text-slate-300" },
};

/** What was published: the release, its install page, and each file's checks and warnings. */
export function PublishResult({ published }: { published: Published }) {
  const { release } = published;
  return (
    <div role="status" data-testid="publish-result" className="flex flex-col gap-2 rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm dark:border-emerald-800 dark:bg-emerald-950">
      <p>
        Published {release.version} ({release.build}) to {release.channel}
        {published.promoted ? ", promoted" : ""}. Install page:
      </p>
      <a href={published.installUrl} data-testid="install-url" className="font-mono break-all text-brand-700 underline dark:text-brand-100">
        {published.installUrl}
      </a>
      <ul className="flex flex-col gap-2">
        {published.artifacts.map((artifact) => {
          const outcome = artifactOutcome(artifact);
          return (
            <li key={artifact.id} data-testid="published-file" data-filename={outcome.filename} data-status={outcome.status} className="flex flex-col gap-0.5">
              <span>
                <span className="font-medium break-all">{outcome.filename}</span>: <span className={STATUS[outcome.status].className}>{STATUS[outcome.status].text}</span>
              </span>
              {/* Only this submission can have made the override: the admin looking at it. */}
              {outcome.status === "overridden" && (
                <span data-testid="published-override" className="break-words text-amber-900 dark:text-amber-100">
                  Published over: {outcome.reasons.join("; ")}, by you.
                </span>
              )}
              {outcome.status === "failed" && outcome.reasons.length > 0 && <span className="break-words">{sentence(outcome.reasons.join("; "))}</span>}
              {outcome.warnings.map((warning) => (
                <span key={warning} data-testid="published-warning" className="break-words text-slate-700 dark:text-slate-300">
                  Warning: {sentence(warning)}
                </span>
              ))}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
