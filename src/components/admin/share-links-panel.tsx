"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Callout, ErrorState, Input, Skeleton, useToast } from "@/components/ui";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";
import { sortIssues } from "./field-issues";
import { ShareLinkTable } from "./share-link-table";
import { CopyField } from "./tokens/copy-field";

const FIELDS = ["name", "expiresInDays", "maxInstalls"] as const;

/** Share links of one app: create (the URL is shown once), see their use, revoke. */
export function ShareLinksPanel({ appId }: { appId: string }) {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const links = useQuery(trpc.shareLinks.list.queryOptions({ appId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.shareLinks.list.queryKey({ appId }) });
  const [name, setName] = useState("");
  const [days, setDays] = useState("14");
  const [cap, setCap] = useState("");
  const create = useMutation(
    trpc.shareLinks.create.mutationOptions({
      onSuccess: ({ link }) => {
        toast.success(`Share link “${link.name}” created`);
        setName("");
        return refresh();
      },
    }),
  );
  const issues = create.isError ? sortIssues(create.error, FIELDS) : null;
  const otherError = create.isError && issues && Object.keys(issues.byField).length === 0 ? errorMessage(create.error) : null;

  function submit(event: React.FormEvent) {
    event.preventDefault();
    create.mutate({ appId, link: { name, expiresInDays: Number(days), maxInstalls: cap === "" ? null : Number(cap) } });
  }

  return (
    <div className="flex flex-col gap-4" data-testid="share-links">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
        <Input label="Name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} placeholder="QA vendor" error={issues?.byField.name} wrapperClassName="w-full sm:w-64" />
        <Input
          label="Valid for (days)"
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          required
          error={issues?.byField.expiresInDays}
          wrapperClassName="w-32"
        />
        <Input
          label="Install limit"
          type="number"
          inputMode="numeric"
          min={1}
          value={cap}
          onChange={(e) => setCap(e.target.value)}
          placeholder="none"
          error={issues?.byField.maxInstalls}
          wrapperClassName="w-32"
        />
        <Button type="submit" disabled={create.isPending} aria-busy={create.isPending || undefined}>
          Create share link
        </Button>
      </form>
      {otherError ? (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300">
          {otherError}
        </p>
      ) : null}
      {create.data ? (
        <Callout tone="success" data-testid="new-share-link">
          <p>Copy it now: it is not shown again. Anyone with it can install this app until it expires, reaches its limit or is revoked.</p>
          <CopyField label={`Link for “${create.data.link.name}”`} value={create.data.url} data-testid="new-share-link-url" />
          <Button variant="secondary" size="sm" className="self-start" onClick={() => create.reset()}>
            Done
          </Button>
        </Callout>
      ) : null}
      {links.isPending ? <Skeleton className="h-24 w-full" /> : null}
      {links.isError ? (
        <ErrorState
          title="Could not load the share links"
          message={errorMessage(links.error)}
          action={
            <Button variant="secondary" size="sm" onClick={() => void links.refetch()}>
              Try again
            </Button>
          }
        />
      ) : null}
      {links.data ? <ShareLinkTable appId={appId} links={links.data.items} onChange={() => void refresh()} /> : null}
    </div>
  );
}
