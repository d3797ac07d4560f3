"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Callout, Input, useToast } from "@/components/ui";
import type { WebhookEvent, WebhookFormat } from "@/domain/webhook";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";
import { sortIssues } from "../field-issues";
import { CopyField } from "../tokens/copy-field";
import { WebhookFields } from "./webhook-fields";

const FIELDS = ["url", "events", "format"] as const;

/** The form that adds a webhook; its signing secret is shown once, right after. */
export function WebhookForm({ appId, onCreated }: { appId: string; onCreated: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const [url, setUrl] = useState("");
  const [format, setFormat] = useState<WebhookFormat>("json");
  const [events, setEvents] = useState<WebhookEvent[]>(["release.published", "channel.promoted", "channel.rolled_back"]);
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: () => {
        toast.success("Webhook added");
        setUrl("");
        onCreated();
      },
    }),
  );
  const issues = create.isError ? sortIssues(create.error, FIELDS) : null;
  const otherError = create.isError && issues && Object.keys(issues.byField).length === 0 ? errorMessage(create.error) : null;

  function submit(e: React.FormEvent) {
    e.preventDefault();
    create.mutate({ appId, webhook: { url, events, format } });
  }

  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={submit} className="flex max-w-2xl flex-col gap-4" data-testid="webhook-form">
        <Input
          label="Payload URL"
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          required
          maxLength={2000}
          placeholder="https://example.com/hooks/shipyard"
          error={issues?.byField.url}
        />
        <WebhookFields format={format} onFormat={setFormat} events={events} onEvents={setEvents} errors={{ format: issues?.byField.format, events: issues?.byField.events }} />
        <div>
          <Button type="submit" disabled={create.isPending} aria-busy={create.isPending || undefined}>
            Add webhook
          </Button>
        </div>
      </form>
      {otherError ? (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300">
          {otherError}
        </p>
      ) : null}
      {create.data ? (
        <Callout tone="success" data-testid="new-webhook-secret">
          <p>Copy the signing secret now: it is not shown again. Check each request's X-Shipyard-Signature header with it (see the README).</p>
          <CopyField label="Signing secret" value={create.data.secret} data-testid="new-webhook-secret-value" />
          <Button variant="secondary" size="sm" className="self-start" onClick={() => create.reset()}>
            Done
          </Button>
        </Callout>
      ) : null}
    </div>
  );
}
