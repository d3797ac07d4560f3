"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { ErrorState, Skeleton } from "@/components/ui";
import { formatBytes } from "@/domain/format";
import { useTRPC } from "@/trpc/react";
import { type ChannelRetention, ChannelRetentionForm } from "./channel-retention-form";
import { ConfirmedAction } from "./confirmed-action";
import { errorMessage } from "./error-message";

const releases = (n: number) => `${n} release${n === 1 ? "" : "s"}`;

/** Per channel: what it keeps, a form to change it, and what retention would delete right now. */
export function RetentionPanel({ appId, channels }: { appId: string; channels: ChannelRetention[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const preview = useQuery(trpc.retention.preview.queryOptions({ appId }));
  const changed = () => {
    router.refresh();
    return queryClient.invalidateQueries({ queryKey: trpc.retention.preview.queryKey({ appId }) });
  };
  const run = useMutation(trpc.retention.run.mutationOptions());
  const candidates = preview.data ?? [];

  return (
    <div className="flex flex-col gap-4" data-testid="retention">
      <ul className="flex flex-col gap-4">
        {channels.map((channel) => (
          // Keyed by the policy too: a saved change remounts the row with fresh inputs.
          <ChannelRetentionForm key={`${channel.name}:${JSON.stringify(channel.retention)}`} appId={appId} channel={channel} onSaved={changed} />
        ))}
      </ul>
      <div className="flex flex-col gap-2" data-testid="retention-preview">
        <h3 className="font-medium">Deleted at the next hourly pass</h3>
        {preview.isPending ? <Skeleton className="h-10 w-full" /> : null}
        {preview.isError ? <ErrorState title="Could not work out what retention deletes" message={errorMessage(preview.error)} /> : null}
        {preview.data && candidates.length === 0 ? <p className="text-sm text-slate-600 dark:text-slate-400">Nothing: every release is kept.</p> : null}
        {candidates.length > 0 ? (
          <>
            <ul className="flex flex-col gap-1 text-sm">
              {candidates.map((candidate) => (
                <li key={candidate.releaseId} className="break-words">
                  <span className="font-medium">
                    {candidate.version} ({candidate.build})
                  </span>{" "}
                  · {candidate.channel} · {candidate.artifacts} file{candidate.artifacts === 1 ? "" : "s"}, {formatBytes(candidate.sizeBytes)}
                  <span className="text-slate-600 dark:text-slate-400"> · {candidate.reasons.join("; ")}</span>
                </li>
              ))}
            </ul>
            <ConfirmedAction
              label="Delete these now"
              variant="danger"
              size="md"
              className="self-start"
              title={`Delete ${releases(candidates.length)} now?`}
              description="What the hourly pass would delete goes now: install pages and downloads of these releases stop working, and their files are removed once nothing else uses them. This cannot be undone."
              confirmLabel="Delete releases"
              danger
              run={() => run.mutateAsync({ appId })}
              done={(deleted) => `Deleted ${releases(deleted.length)}; their files go once nothing else uses them.`}
              onDone={changed}
              dialogTestId="retention-run-dialog"
            />
          </>
        ) : null}
      </div>
    </div>
  );
}
