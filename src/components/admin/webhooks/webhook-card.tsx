"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Badge, Button, Card, useToast } from "@/components/ui";
import { type PublicWebhook, WEBHOOK_EVENTS } from "@/domain/webhook";
import { useTRPC } from "@/trpc/react";
import { ConfirmedAction } from "../confirmed-action";
import { errorMessage } from "../error-message";
import { DeliveryLog } from "./delivery-log";
import { WebhookEditForm } from "./webhook-edit-form";
import { FORMAT_LABELS } from "./webhook-fields";

const EVENT_LABELS = new Map<string, string>(WEBHOOK_EVENTS.map((e) => [e.event, e.label]));

/** A webhook: where it posts, what, whether it is on; enable/disable, delete, and its delivery log. */
export function WebhookCard({ appId, webhook, onChange }: { appId: string; webhook: PublicWebhook; onChange: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const enabled = webhook.disabledAt === null;
  const [editing, setEditing] = useState(false);
  const toggle = useMutation(
    trpc.webhooks.update.mutationOptions({
      onSuccess: (updated) => {
        toast.success(updated.disabledAt === null ? "Webhook enabled" : "Webhook disabled");
        onChange();
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  const remove = useMutation(trpc.webhooks.delete.mutationOptions());
  return (
    <Card className="flex flex-col gap-4" data-testid="webhook">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex min-w-0 flex-col gap-1">
          <p className="font-mono text-sm break-all" data-testid="webhook-url">
            {webhook.url}
          </p>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {FORMAT_LABELS[webhook.format]} · {webhook.events.map((e) => EVENT_LABELS.get(e) ?? e).join(", ")}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <Badge tone={enabled ? "success" : "neutral"} data-testid="webhook-state">
            {enabled ? "enabled" : "disabled"}
          </Badge>
          <Button variant="secondary" size="sm" aria-expanded={editing} onClick={() => setEditing(!editing)}>
            Edit
          </Button>
          <Button variant="secondary" size="sm" disabled={toggle.isPending} onClick={() => toggle.mutate({ appId, id: webhook.id, patch: { enabled: !enabled } })}>
            {enabled ? "Disable" : "Enable"}
          </Button>
          <ConfirmedAction
            label="Delete"
            variant="secondary"
            size="sm"
            danger
            title="Delete this webhook?"
            description={`Shipyard stops posting to ${webhook.url}, and its delivery log is deleted with it.`}
            confirmLabel="Delete webhook"
            run={() => remove.mutateAsync({ appId, id: webhook.id })}
            done="Webhook deleted"
            onDone={onChange}
          />
        </div>
      </div>
      {editing ? (
        <WebhookEditForm
          appId={appId}
          webhook={webhook}
          onDone={(saved) => {
            setEditing(false);
            if (saved) onChange();
          }}
        />
      ) : null}
      <DeliveryLog appId={appId} webhookId={webhook.id} />
    </Card>
  );
}
