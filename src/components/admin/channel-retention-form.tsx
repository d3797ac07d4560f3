"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Input, useToast } from "@/components/ui";
import { describeRetention, effectiveRetention, type RetentionPolicy } from "@/domain/retention";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";
import { sortIssues } from "./field-issues";

export interface ChannelRetention {
  name: string;
  /** null: the default for the channel's name. */
  retention: RetentionPolicy | null;
}

const FIELDS = ["maxAgeDays", "maxReleases"] as const;
const asLimit = (text: string) => (text.trim() === "" ? null : Number(text));

/** One channel's retention rule as it stands, and a form to change it or go back to the default. */
export function ChannelRetentionForm({ appId, channel, onSaved }: { appId: string; channel: ChannelRetention; onSaved: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const policy = effectiveRetention(channel);
  const [maxAgeDays, setMaxAgeDays] = useState(policy.maxAgeDays === null ? "" : String(policy.maxAgeDays));
  const [maxReleases, setMaxReleases] = useState(policy.maxReleases === null ? "" : String(policy.maxReleases));
  const save = useMutation(
    trpc.channels.update.mutationOptions({
      onSuccess: () => {
        toast.success(`Saved the retention rule of ${channel.name}`);
        onSaved();
      },
    }),
  );
  const issues = save.isError ? sortIssues(save.error, FIELDS) : null;
  const otherError = save.isError && issues && Object.keys(issues.byField).length === 0 ? errorMessage(save.error) : null;

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
        <Input
          label={
            <>
              Max age (days)<span className="sr-only"> for {channel.name}</span>
            </>
          }
          type="number"
          inputMode="numeric"
          min={1}
          value={maxAgeDays}
          onChange={(e) => setMaxAgeDays(e.target.value)}
          placeholder="none"
          error={issues?.byField.maxAgeDays}
          wrapperClassName="w-32"
        />
        <Input
          label={
            <>
              Keep newest<span className="sr-only"> on {channel.name}</span>
            </>
          }
          type="number"
          inputMode="numeric"
          min={1}
          value={maxReleases}
          onChange={(e) => setMaxReleases(e.target.value)}
          placeholder="all"
          error={issues?.byField.maxReleases}
          wrapperClassName="w-32"
        />
        <Button type="submit" variant="secondary" disabled={save.isPending} aria-busy={save.isPending || undefined}>
          Save<span className="sr-only"> the rule of {channel.name}</span>
        </Button>
        {channel.retention !== null ? (
          <Button variant="ghost" disabled={save.isPending} onClick={() => save.mutate({ appId, channel: channel.name, patch: { policy: { retention: null } } })}>
            Use the default
          </Button>
        ) : null}
      </form>
      {otherError ? (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300">
          {otherError}
        </p>
      ) : null}
    </li>
  );
}
