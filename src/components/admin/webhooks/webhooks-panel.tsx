"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, EmptyState, ErrorState, Skeleton } from "@/components/ui";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";
import { WebhookCard } from "./webhook-card";
import { WebhookForm } from "./webhook-form";

/** One app's webhooks: add one (the secret is shown once), and each with its settings and delivery log. */
export function WebhooksPanel({ appId }: { appId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const webhooks = useQuery(trpc.webhooks.list.queryOptions({ appId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey({ appId }) });
  return (
    <div className="flex flex-col gap-8" data-testid="webhooks">
      <WebhookForm appId={appId} onCreated={() => void refresh()} />
      {webhooks.isPending ? <Skeleton className="h-24 w-full" /> : null}
      {webhooks.isError ? (
        <ErrorState
          title="Could not load the webhooks"
          message={errorMessage(webhooks.error)}
          action={
            <Button variant="secondary" size="sm" onClick={() => void webhooks.refetch()}>
              Try again
            </Button>
          }
        />
      ) : null}
      {webhooks.data?.length === 0 ? (
        <EmptyState data-testid="webhooks-empty" title="No webhooks yet" description="Add one above to tell a chat channel or your own service what happens to this app." />
      ) : null}
      {webhooks.data?.map((webhook) => (
        <WebhookCard key={webhook.id} appId={appId} webhook={webhook} onChange={() => void refresh()} />
      ))}
    </div>
  );
}
