"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge, type BadgeTone, Button, type Column, ErrorState, Skeleton, Table, useToast } from "@/components/ui";
import type { OutboxState } from "@/domain/outbox";
import type { WebhookDelivery } from "@/domain/webhook";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";
import { When } from "../when";

const STATE: Record<OutboxState, { label: string; tone: BadgeTone }> = {
  pending: { label: "retrying", tone: "warning" },
  done: { label: "delivered", tone: "success" },
  failed: { label: "failed", tone: "danger" },
};

/** While a delivery waits for its first or next try, the log looks again this often. */
const POLL_WHILE_PENDING_MS = 2_000;

/** The last deliveries of one webhook: event, state, the receiver's last status, attempts, and Redeliver. */
export function DeliveryLog({ appId, webhookId }: { appId: string; webhookId: string }) {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const input = { appId, id: webhookId };
  const deliveries = useQuery({
    ...trpc.webhooks.deliveries.queryOptions(input),
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.state === "pending") ? POLL_WHILE_PENDING_MS : false),
  });
  const redeliver = useMutation(
    trpc.webhooks.redeliver.mutationOptions({
      onSuccess: () => {
        toast.success("Delivery queued again");
        return queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.queryKey(input) });
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  const now = new Date();
  const columns: Column<WebhookDelivery>[] = [
    { key: "event", header: "Event", cell: (d) => <span className="font-mono text-xs">{d.event}</span> },
    { key: "when", header: "Queued", cell: (d) => <When date={d.createdAt} now={now} /> },
    {
      key: "state",
      header: "State",
      cell: (d) => (
        <Badge tone={STATE[d.state].tone} data-testid="delivery-state">
          {STATE[d.state].label}
        </Badge>
      ),
    },
    {
      key: "status",
      header: "Last response",
      cell: (d) => {
        const last = d.attemptLog.at(-1);
        if (!last) return <span className="text-slate-600 dark:text-slate-400">not sent yet</span>;
        return (
          <span className="tabular-nums" data-testid="delivery-status" title={last.error ?? undefined}>
            {last.status ?? last.error} · {last.durationMs} ms
          </span>
        );
      },
    },
    { key: "attempts", header: "Attempts", cell: (d) => <span className="tabular-nums">{d.attempts}</span> },
    {
      key: "next",
      header: "Next try",
      hideOnMobile: true,
      cell: (d) => (d.state === "pending" && d.nextAttemptAt ? <When date={d.nextAttemptAt} now={now} /> : "—"),
    },
    {
      key: "actions",
      header: <span className="sr-only">Actions</span>,
      cell: (d) => (
        <Button variant="secondary" size="sm" disabled={redeliver.isPending} onClick={() => redeliver.mutate({ appId, deliveryId: d.id })}>
          Redeliver
        </Button>
      ),
    },
  ];
  return (
    <div className="flex flex-col gap-2">
      <h3 className="text-sm font-medium">Recent deliveries</h3>
      {deliveries.isPending ? <Skeleton className="h-16 w-full" /> : null}
      {deliveries.isError ? <ErrorState title="Could not load the deliveries" message={errorMessage(deliveries.error)} /> : null}
      {deliveries.data ? (
        <Table
          columns={columns}
          rows={deliveries.data.items}
          rowKey={(d) => d.id}
          caption="Recent deliveries"
          rowTestId={() => "delivery-row"}
          rowData={(d) => ({ "data-state": d.state })}
          data-testid="delivery-log"
          empty={<p className="text-sm text-slate-600 dark:text-slate-400">No deliveries yet: they appear here when a subscribed event happens.</p>}
        />
      ) : null}
    </div>
  );
}
