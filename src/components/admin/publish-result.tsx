"use client";

import { Badge, type BadgeTone, Callout } from "@/components/ui";
import { type ArtifactOutcome, artifactOutcome, sentence } from "./publish-outcome";

interface Published {
  release: { version: string; build: string; channel: string };
  promoted: boolean;
  installUrl: string;
  artifacts: { id: string; filename: string; validationStatus: string; metadata: Record<string, unknown> }[];
}

// Short enough for a badge on a 320 px screen; the line below a failed or overridden file says the rest.
const STATUS: Record<ArtifactOutcome["status"], { text: string; tone: BadgeTone }> = {
  passed: { text: "passed the checks", tone: "success" },
  overridden: { text: "published anyway", tone: "warning" },
  failed: { text: "failed the checks", tone: "danger" },
  pending: { text: "not checked yet", tone: "neutral" },
};

/** What was published: the release, its install page, and each file's checks and warnings. */
export function PublishResult({ published }: { published: Published }) {
  const { release } = published;
  return (
    <Callout tone="success" role="status" data-testid="publish-result">
      <p>
        Published {release.version} ({release.build}) to {release.channel}
        {published.promoted ? ", promoted" : ""}. Install page:
      </p>
      <a href={published.installUrl} data-testid="install-url" className="font-mono break-all underline">
        {published.installUrl}
      </a>
      <ul className="flex flex-col gap-2">
        {published.artifacts.map((artifact) => {
          const outcome = artifactOutcome(artifact);
          return (
            <li key={artifact.id} data-testid="published-file" data-filename={outcome.filename} data-status={outcome.status} className="flex flex-col gap-0.5">
              <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className="font-medium break-all">{outcome.filename}</span>
                <Badge tone={STATUS[outcome.status].tone}>{STATUS[outcome.status].text}</Badge>
              </span>
              {/* Only this submission can have made the override: the admin looking at it. */}
              {outcome.status === "overridden" && (
                <span data-testid="published-override" className="break-words">
                  Published over: {outcome.reasons.join("; ")}, by you.
                </span>
              )}
              {outcome.status === "failed" && <span className="break-words">Not offered for install{outcome.reasons.length > 0 ? `: ${sentence(outcome.reasons.join("; "))}` : "."}</span>}
              {outcome.warnings.map((warning) => (
                <span key={warning} data-testid="published-warning" className="break-words">
                  Warning: {sentence(warning)}
                </span>
              ))}
            </li>
          );
        })}
      </ul>
    </Callout>
  );
}
