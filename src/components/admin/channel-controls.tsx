"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";

const small = "rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-900";

/**
 * A channel's rollout percent (raise to widen, keep to pause, 100 to finish) and its one-step
 * rollback. The table around it is server-rendered, so a change refreshes the route.
 */
export function ChannelControls(props: { appId: string; channel: string; rolloutPercent: number; canRollBack: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [percent, setPercent] = useState(String(props.rolloutPercent));
  const update = useMutation(trpc.channels.update.mutationOptions({ onSuccess: () => router.refresh() }));
  const rollback = useMutation(trpc.channels.rollback.mutationOptions({ onSuccess: () => router.refresh() }));
  const error = update.error ?? rollback.error;
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid={`channel-controls-${props.channel}`}>
      <form
        className="flex items-center gap-1"
        onSubmit={(event) => {
          event.preventDefault();
          update.mutate({ appId: props.appId, channel: props.channel, patch: { rolloutPercent: Number(percent) } });
        }}
      >
        <label className="sr-only" htmlFor={`rollout-${props.channel}`}>
          Rollout percent for {props.channel}
        </label>
        <input
          id={`rollout-${props.channel}`}
          className="w-16 rounded-md border border-slate-300 bg-transparent px-2 py-1 text-sm dark:border-slate-700"
          type="number"
          min={0}
          max={100}
          step={1}
          value={percent}
          onChange={(e) => setPercent(e.target.value)}
        />
        <span className="text-sm">%</span>
        <button type="submit" className={small} disabled={update.isPending || percent === String(props.rolloutPercent)}>
          Set rollout
        </button>
      </form>
      <button
        type="button"
        className={small}
        disabled={!props.canRollBack || rollback.isPending}
        onClick={() => {
          if (window.confirm(`Roll ${props.channel} back to its previous release for everyone?`)) rollback.mutate({ appId: props.appId, channel: props.channel });
        }}
      >
        Roll back
      </button>
      {error ? (
        <span role="alert" className="text-sm text-red-700 dark:text-red-300">
          {errorMessage(error)}
        </span>
      ) : null}
    </div>
  );
}

/** Puts an existing release on a channel (its files are not uploaded again), through the channel's gates. */
export function PromoteRelease(props: { appId: string; releaseId: string; channels: { name: string; currentReleaseId: string | null }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const targets = props.channels.filter((c) => c.currentReleaseId !== props.releaseId).map((c) => c.name);
  const [channel, setChannel] = useState(targets[0] ?? "");
  const promote = useMutation(trpc.channels.promote.mutationOptions({ onSuccess: () => router.refresh() }));
  if (targets.length === 0) return null;
  return (
    <form
      className="flex flex-wrap items-center gap-1"
      onSubmit={(event) => {
        event.preventDefault();
        promote.mutate({ appId: props.appId, channel, releaseId: props.releaseId });
      }}
    >
      <label className="sr-only" htmlFor={`promote-${props.releaseId}`}>
        Channel to promote to
      </label>
      <select id={`promote-${props.releaseId}`} className="rounded-md border border-slate-300 bg-transparent px-2 py-1 text-sm dark:border-slate-700" value={channel} onChange={(e) => setChannel(e.target.value)}>
        {targets.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <button type="submit" className={small} disabled={promote.isPending}>
        Promote
      </button>
      {promote.error ? (
        <span role="alert" className="text-sm text-red-700 dark:text-red-300">
          {errorMessage(promote.error)}
        </span>
      ) : null}
    </form>
  );
}
