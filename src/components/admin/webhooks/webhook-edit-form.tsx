"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button, useToast } from "@/components/ui";
import type { PublicWebhook } from "@/domain/webhook";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";
import { sortIssues } from "../field-issues";
import { WebhookFields } from "./webhook-fields";

const FIELDS = ["events", "format"] as const;

/** Changes a webhook's events and format; deliveries still waiting are sent in the new format. */
export function WebhookEditForm({ appId, webhook, onDone }: { appId: string; webhook: PublicWebhook; onDone: (saved: boolean) => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const [format, setFormat] = useState(webhook.format);
  const [events, setEvents] = useState(webhook.events);
  const save = useMutation(
    trpc.webhooks.update.mutationOptions({
      onSuccess: () => {
        toast.success("Webhook saved");
        onDone(true);
      },
    }),
  );
  const issues = save.isError ? sortIssues(save.error, FIELDS) : null;
  return (
    <form
      className="flex max-w-2xl flex-col gap-4 border-t border-slate-200 pt-4 dark:border-slate-800"
      data-testid="webhook-edit-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ appId, id: webhook.id, patch: { format, events } });
      }}
    >
      <WebhookFields format={format} onFormat={setFormat} events={events} onEvents={setEvents} errors={{ format: issues?.byField.format, events: issues?.byField.events }} />
      {save.isError && issues && Object.keys(issues.byField).length === 0 ? (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300">
          {errorMessage(save.error)}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={save.isPending} aria-busy={save.isPending || undefined}>
          Save
        </Button>
        <Button variant="secondary" size="sm" onClick={() => onDone(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
