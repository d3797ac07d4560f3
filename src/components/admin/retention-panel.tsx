"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatBytes } from "@/domain/format";
import { describeRetention, effectiveRetention, type RetentionPolicy } from "@/domain/retention";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";

const input = "w-24 rounded-md border border-slate-300 bg-transparent px-3 py-2 text-base dark:border-slate-700";
const button = "rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-50";
const link = "text-brand-600 hover:underline disabled:opacity-50 dark:text-brand-100";

interface ChannelRetention {
  name: string;
  /** null: the default for the channel's name. */
  retention: RetentionPolicy | null;
}

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
  const run = useMutation(trpc.retention.run.mutationOptions({ onSuccess: changed }));

  return (
    <div className="flex flex-col gap-4" data-testid="retention">
      <ul className="flex flex-col gap-3">
        {channels.map((channel) => (
          // Keyed by the policy too: a saved change remounts the row with fresh inputs.
          <ChannelRetentionRow key={`${channel.name}:${JSON.stringify(channel.retention)}`} appId={appId} channel={channel} onSaved={changed} />
        ))}
      </ul>
      <div className="flex flex-col gap-2" data-testid="retention-preview">
        <h3 className="font-medium">Deleted at the next hourly pass</h3>
        {preview.isError ? <p role="alert" className="text-sm text-red-700 dark:text-red-300">{errorMessage(preview.error)}</p> : null}
        {preview.data && preview.data.length === 0 ? <p className="text-sm text-slate-600 dark:text-slate-400">Nothing: every release is kept.</p> : null}
        {preview.data && preview.data.length > 0 ? (
          <>
            <ul className="flex flex-col gap-1 text-sm">
              {preview.data.map((candidate) => (
                <li key={candidate.releaseId}>
                  <span className="font-medium">
                    {candidate.version} ({candidate.build})
                  </span>{" "}
                  · {candidate.channel} · {candidate.artifacts} file{candidate.artifacts === 1 ? "" : "s"}, {formatBytes(candidate.sizeBytes)}
                  <span className="text-slate-600 dark:text-slate-400"> · {candidate.reasons.join("; ")}</span>
                </li>
              ))}
            </ul>
            <div>
              <button type="button" className={button} disabled={run.isPending} onClick={() => run.mutate({ appId })}>
                Delete these now
              </button>
            </div>
          </>
        ) : null}
        {run.isError ? <p role="alert" className="text-sm text-red-700 dark:text-red-300">{errorMessage(run.error)}</p> : null}
        {run.data ? <p className="text-sm" role="status">Deleted {run.data.length} release{run.data.length === 1 ? "" : "s"}; their files go once nothing else uses them.</p> : null}
      </div>
    </div>
  );
}

function ChannelRetentionRow({ appId, channel, onSaved }: { appId: string; channel: ChannelRetention; onSaved: () => void }) {
  const trpc = useTRPC();
  const policy = effectiveRetention(channel);
  const [maxAgeDays, setMaxAgeDays] = useState(policy.maxAgeDays === null ? "" : String(policy.maxAgeDays));
  const [maxReleases, setMaxReleases] = useState(policy.maxReleases === null ? "" : String(policy.maxReleases));
  const save = useMutation(trpc.channels.update.mutationOptions({ onSuccess: onSaved }));
  const asLimit = (text: string) => (text.trim() === "" ? null : Number(text));

  function submit(event: React.FormEvent) {
    event.preventDefault();
    save.mutate({ appId, channel: channel.name, patch: { policy: { retention: { maxAgeDays: asLimit(maxAgeDays), maxReleases: asLimit(maxReleases) } } } });
  }

  return (
    <li className="flex flex-col gap-2" data-testid={`retention-${channel.name}`}>
      <p className="text-sm">
        <span className="font-medium">{channel.name}</span> {describeRetention(policy)}
        {channel.retention === null ? <span className="text-slate-600 dark:text-slate-400"> (default)</span> : null}
      </p>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm">
          <span>
            Max age (days)<span className="sr-only"> for {channel.name}</span>
          </span>
          <input className={input} type="number" min={1} value={maxAgeDays} onChange={(e) => setMaxAgeDays(e.target.value)} placeholder="none" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span>
            Keep newest<span className="sr-only"> on {channel.name}</span>
          </span>
          <input className={input} type="number" min={1} value={maxReleases} onChange={(e) => setMaxReleases(e.target.value)} placeholder="all" />
        </label>
        <button type="submit" className={button} disabled={save.isPending}>
          Save
        </button>
        {channel.retention !== null ? (
          <button type="button" className={link} disabled={save.isPending} onClick={() => save.mutate({ appId, channel: channel.name, patch: { policy: { retention: null } } })}>
            Use the default
          </button>
        ) : null}
      </form>
      {save.isError ? <p role="alert" className="text-sm text-red-700 dark:text-red-300">{errorMessage(save.error)}</p> : null}
    </li>
  );
}
