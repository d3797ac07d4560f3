"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, ConfirmDialog, Input, useToast } from "@/components/ui";
import { formatRelease, type ReleaseLabel } from "@/domain/release-label";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";
import { sortIssues } from "./field-issues";

/** A rollout percent: a whole number from 0 to 100, with the numeric keypad on phones. */
const PERCENT_INPUT = { type: "number", min: 0, max: 100, step: 1, inputMode: "numeric" } as const;

/** "" means "not given" (the server's default); anything else goes to the server as typed, which validates it. */
const percentOrDefault = (text: string) => (text.trim() === "" ? undefined : Number(text));

/**
 * A channel's rollout percent (raise to widen, keep to pause, 100 to finish) and its one-step
 * rollback, confirmed first. The page around it is server-rendered, so a change refreshes the route.
 */
export function ChannelControls(props: { appId: string; channel: string; rolloutPercent: number; current: ReleaseLabel | null; fallback: ReleaseLabel | null }) {
  const { appId, channel, rolloutPercent, current, fallback } = props;
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const [percent, setPercent] = useState(String(rolloutPercent));
  // A rollback or a promotion elsewhere changes the stored percent: show the new one, not what was typed before.
  const [shownPercent, setShownPercent] = useState(rolloutPercent);
  if (shownPercent !== rolloutPercent) {
    setShownPercent(rolloutPercent);
    setPercent(String(rolloutPercent));
  }
  const [confirming, setConfirming] = useState(false);
  const update = useMutation(
    trpc.channels.update.mutationOptions({
      onSuccess: (saved) => {
        toast.success(`${channel} rollout set to ${saved.rolloutPercent}%`);
        router.refresh();
      },
    }),
  );
  const rollback = useMutation(
    trpc.channels.rollback.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        toast.success(fallback ? `${channel} rolled back to ${formatRelease(fallback)}` : `${channel} rolled back`);
        router.refresh();
      },
    }),
  );
  const partial = rolloutPercent < 100 && fallback !== null;

  return (
    <div className="flex flex-wrap items-end gap-2" data-testid={`channel-controls-${channel}`}>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          update.mutate({ appId, channel, patch: { rolloutPercent: Number(percent) } });
        }}
      >
        <Input
          label={
            <>
              Rollout percent<span className="sr-only"> for {channel}</span>
            </>
          }
          id={`rollout-${channel}`}
          {...PERCENT_INPUT}
          // An emptied field is no percent: without this it would be sent as 0 and stop the rollout.
          required
          value={percent}
          onChange={(event) => setPercent(event.target.value)}
          wrapperClassName="w-28"
        />
        <Button type="submit" variant="secondary" disabled={update.isPending || percent === String(rolloutPercent)}>
          Set rollout
        </Button>
      </form>
      <Button
        variant="secondary"
        disabled={fallback === null || rollback.isPending}
        title={fallback === null ? `${channel} has no earlier release to go back to` : undefined}
        onClick={() => {
          rollback.reset();
          setConfirming(true);
        }}
      >
        Roll back
      </Button>
      {update.error ? (
        <p role="alert" className="basis-full text-sm text-red-700 dark:text-red-300">
          {errorMessage(update.error)}
        </p>
      ) : null}
      {fallback ? (
        <ConfirmDialog
          open={confirming}
          onClose={() => setConfirming(false)}
          onConfirm={() => rollback.mutate({ appId, channel })}
          title={`Roll ${channel} back to ${formatRelease(fallback)}?`}
          description={
            <>
              It now serves {current ? formatRelease(current) : "nothing"}
              {partial ? ` to ${rolloutPercent}% of devices` : ""}. Every device gets {formatRelease(fallback)} on its next update check.
            </>
          }
          confirmLabel="Roll back"
          pending={rollback.isPending}
          error={rollback.error ? errorMessage(rollback.error) : undefined}
          data-testid={`rollback-dialog-${channel}`}
        />
      ) : null}
    </div>
  );
}

interface PromoteTarget {
  name: string;
  current: (ReleaseLabel & { id: string }) | null;
}

/**
 * Puts an existing release on a channel (its files are not uploaded again), through the channel's
 * gates, after a confirmation that says what changes; optionally to a share of devices first.
 */
export function PromoteRelease(props: { appId: string; release: ReleaseLabel & { id: string }; channels: PromoteTarget[] }) {
  const { appId, release } = props;
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const targets = props.channels.filter((c) => c.current?.id !== release.id);
  const [chosen, setChosen] = useState(targets[0]?.name ?? "");
  const [confirming, setConfirming] = useState(false);
  const [percent, setPercent] = useState("100");
  const promote = useMutation(
    trpc.channels.promote.mutationOptions({
      onSuccess: (channel) => {
        setConfirming(false);
        const share = channel.rolloutPercent < 100 ? ` to ${channel.rolloutPercent}% of devices` : "";
        toast.success(`${channel.name} now serves ${formatRelease(release)}${share}`);
        router.refresh();
      },
    }),
  );
  if (targets.length === 0) return null;
  // After a promotion the chosen channel leaves the list: fall back to the first one left.
  const target = targets.find((c) => c.name === chosen) ?? targets[0];
  if (!target) return null;
  const issues = promote.isError ? sortIssues(promote.error, ["rolloutPercent"] as const) : null;

  return (
    // The dialog stays outside the form: it holds a form of its own, and forms do not nest.
    <div>
      <form
        className="flex flex-wrap items-center gap-1"
        onSubmit={(event) => {
          event.preventDefault();
          promote.reset();
          setPercent("100");
          setConfirming(true);
        }}
      >
        <label className="sr-only" htmlFor={`promote-${release.id}`}>
          Channel to promote {formatRelease(release)} to
        </label>
        <select
          id={`promote-${release.id}`}
          className="min-h-8 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
          value={target.name}
          onChange={(event) => setChosen(event.target.value)}
        >
          {targets.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
        <Button type="submit" variant="secondary" size="sm" disabled={promote.isPending}>
          Promote
        </Button>
      </form>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        onConfirm={() => promote.mutate({ appId, channel: target.name, releaseId: release.id, rolloutPercent: percentOrDefault(percent) })}
        title={`Point ${target.name} at ${formatRelease(release)}?`}
        description={<>{target.current ? `It now serves ${formatRelease(target.current)}.` : "It serves nothing yet."} Devices get it on their next update check.</>}
        confirmLabel="Promote"
        pending={promote.isPending}
        error={promote.isError && !issues?.byField.rolloutPercent ? errorMessage(promote.error) : undefined}
        data-testid={`promote-dialog-${release.id}`}
      >
        <Input
          label="Rollout percent"
          hint="Start with a share of devices and widen it later on the Channels page; 100 sends it to everyone."
          {...PERCENT_INPUT}
          value={percent}
          onChange={(event) => setPercent(event.target.value)}
          error={issues?.byField.rolloutPercent}
          wrapperClassName="max-w-xs"
        />
      </ConfirmDialog>
    </div>
  );
}
