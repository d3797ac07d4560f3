"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ChannelPolicy } from "@/domain/channel";
import { PLATFORMS, type Platform } from "@/domain/platform";
import { Button, Checkbox, Input, Select, useToast } from "@/components/ui";
import { useTRPC } from "@/trpc/react";
import { PLATFORM_LABELS } from "../install/labels";
import { errorMessage } from "./error-message";
import { sortIssues } from "./field-issues";

// Retention is left out on purpose: it has its own panel, and a policy patch replaces only the fields it names.
type EditedPolicy = Pick<ChannelPolicy, "requireValidArtifacts" | "versionMismatch" | "requiredPlatforms" | "minimumSupportedBuild">;
const FIELDS = ["requireValidArtifacts", "versionMismatch", "requiredPlatforms", "minimumSupportedBuild"] as const;

/**
 * A channel's gates and update policy. Sends only the fields that changed, so a concurrent edit of
 * another field (or the retention rule) is not overwritten. Mount it keyed by the saved policy:
 * after a save the page refreshes and the form starts again from what was stored.
 */
export function ChannelPolicyEditor({ appId, channel, policy }: { appId: string; channel: string; policy: EditedPolicy }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const [requireValidArtifacts, setRequireValidArtifacts] = useState(policy.requireValidArtifacts);
  const [versionMismatch, setVersionMismatch] = useState(policy.versionMismatch);
  const [platforms, setPlatforms] = useState<ReadonlySet<Platform>>(new Set(policy.requiredPlatforms));
  const [minimumBuild, setMinimumBuild] = useState(policy.minimumSupportedBuild ?? "");
  const save = useMutation(
    trpc.channels.update.mutationOptions({
      onSuccess: () => {
        toast.success(`Saved the policy of ${channel}`);
        router.refresh();
      },
    }),
  );

  const edited: EditedPolicy = {
    requireValidArtifacts,
    versionMismatch,
    // In PLATFORMS order, so the stored list does not depend on the order of the clicks.
    requiredPlatforms: PLATFORMS.filter((p) => platforms.has(p)),
    minimumSupportedBuild: minimumBuild.trim() === "" ? null : minimumBuild.trim(),
  };
  const changes = Object.fromEntries(FIELDS.filter((f) => JSON.stringify(edited[f]) !== JSON.stringify(policy[f])).map((f) => [f, edited[f]])) as Partial<EditedPolicy>;
  const dirty = Object.keys(changes).length > 0;
  const issues = save.isError ? sortIssues(save.error, FIELDS) : { byField: {}, other: [] };
  const onFields = Object.keys(issues.byField).length > 0;
  const unsorted = save.isError && !onFields && issues.other.length === 0 ? [errorMessage(save.error)] : issues.other;

  const togglePlatform = (platform: Platform, on: boolean) =>
    setPlatforms((current) => {
      const next = new Set(current);
      if (on) next.add(platform);
      else next.delete(platform);
      return next;
    });

  return (
    <form
      className="flex flex-col gap-4"
      data-testid={`policy-editor-${channel}`}
      aria-label={`Policy of ${channel}`}
      onSubmit={(event) => {
        event.preventDefault();
        if (dirty) save.mutate({ appId, channel, patch: { policy: changes } });
      }}
    >
      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 text-sm font-medium">Promotion gates</legend>
        <Checkbox
          label="Every file must have passed validation"
          hint="A release with a file still being inspected, or one that failed, cannot be promoted here."
          checked={requireValidArtifacts}
          onChange={(event) => setRequireValidArtifacts(event.target.checked)}
          error={issues.byField.requireValidArtifacts}
        />
        <Select
          label="A file whose own version or build differs from the release's"
          hint="Checked when a release is published to this channel."
          value={versionMismatch}
          onChange={(event) => setVersionMismatch(event.target.value === "reject" ? "reject" : "warn")}
          error={issues.byField.versionMismatch}
          wrapperClassName="max-w-md"
        >
          <option value="warn">Publish it with a warning</option>
          <option value="reject">Mark it invalid</option>
        </Select>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Always checked: the release belongs to this app, has files, and has a higher build than the current one (use Roll back to go down).
        </p>
      </fieldset>

      <fieldset className="flex flex-col gap-2" aria-describedby={issues.byField.requiredPlatforms ? `${channel}-platforms-error` : undefined}>
        <legend className="mb-1 text-sm font-medium">Required platforms</legend>
        <p className="text-xs text-slate-600 dark:text-slate-400">A release missing any of these cannot be promoted here. None checked: any platform will do.</p>
        <div className="flex flex-wrap gap-x-5 gap-y-2">
          {PLATFORMS.map((platform) => (
            <Checkbox key={platform} label={PLATFORM_LABELS[platform]} checked={platforms.has(platform)} onChange={(event) => togglePlatform(platform, event.target.checked)} />
          ))}
        </div>
        {issues.byField.requiredPlatforms ? (
          <p id={`${channel}-platforms-error`} className="text-xs font-medium text-red-700 dark:text-red-300">
            {issues.byField.requiredPlatforms}
          </p>
        ) : null}
      </fieldset>

      <Input
        label="Minimum supported build"
        hint="Apps on an older build are told the update is mandatory (update check API, and Sparkle's critical update). Empty: never forced."
        value={minimumBuild}
        onChange={(event) => setMinimumBuild(event.target.value)}
        error={issues.byField.minimumSupportedBuild}
        inputMode="decimal"
        autoComplete="off"
        placeholder="none"
        wrapperClassName="max-w-xs"
      />

      {onFields || unsorted.length > 0 ? (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300">
          Not saved: {[...(onFields ? ["check the fields marked above"] : []), ...unsorted].join("; ")}
        </p>
      ) : null}
      <div>
        <Button type="submit" size="sm" disabled={!dirty || save.isPending} aria-busy={save.isPending || undefined}>
          {save.isPending ? "Saving…" : "Save policy"}
        </Button>
      </div>
    </form>
  );
}
