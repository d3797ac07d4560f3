"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button, EmptyState, ErrorState, Input, Skeleton, useToast } from "@/components/ui";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";
import { sortIssues } from "../field-issues";
import { ChannelChoice } from "./channel-choice";
import { TesterGroupCard } from "./tester-group-card";

/** One app's tester groups: create one, and each with its channels and members. */
export function TestersPanel({ appId }: { appId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const groups = useQuery(trpc.testerGroups.list.queryOptions({ appId }));
  const channels = useQuery(trpc.channels.list.queryOptions({ appId }));
  const channelNames = channels.data?.map((c) => c.name) ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.testerGroups.list.queryKey({ appId }) });
  return (
    <div className="flex flex-col gap-8" data-testid="testers">
      <NewGroupForm appId={appId} channels={channelNames} onCreated={() => void refresh()} />
      {groups.isPending ? <Skeleton className="h-24 w-full" /> : null}
      {groups.isError ? (
        <ErrorState
          title="Could not load the tester groups"
          message={errorMessage(groups.error)}
          action={
            <Button variant="secondary" size="sm" onClick={() => void groups.refetch()}>
              Try again
            </Button>
          }
        />
      ) : null}
      {groups.data?.length === 0 ? <EmptyState data-testid="testers-empty" title="No tester groups yet" description="Create one above, give it channels, and add testers by email." /> : null}
      {groups.data?.map((group) => (
        <TesterGroupCard key={group.id} appId={appId} group={group} channels={channelNames} onChange={() => void refresh()} />
      ))}
    </div>
  );
}

const FIELDS = ["name", "channels"] as const;

function NewGroupForm({ appId, channels, onCreated }: { appId: string; channels: string[]; onCreated: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const create = useMutation(
    trpc.testerGroups.create.mutationOptions({
      onSuccess: (group) => {
        toast.success(`Group ${group.name} created`);
        setName("");
        setChosen([]);
        onCreated();
      },
    }),
  );
  const issues = create.isError ? sortIssues(create.error, FIELDS) : null;
  const otherError = create.isError && issues && Object.keys(issues.byField).length === 0 ? errorMessage(create.error) : null;
  return (
    <form
      className="flex max-w-2xl flex-col gap-4"
      data-testid="tester-group-form"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ appId, name, channels: chosen });
      }}
    >
      <Input label="Group name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={60} placeholder="QA" error={issues?.byField.name} />
      <ChannelChoice legend="Channels its testers may install" channels={channels} chosen={chosen} onChange={setChosen} error={issues?.byField.channels} />
      <div>
        <Button type="submit" disabled={create.isPending} aria-busy={create.isPending || undefined}>
          Create group
        </Button>
      </div>
      {otherError ? (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300">
          {otherError}
        </p>
      ) : null}
    </form>
  );
}
