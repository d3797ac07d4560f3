"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Callout, Checkbox, Input, Select, useToast } from "@/components/ui";
import { WEBHOOK_EVENTS, WEBHOOK_FORMATS, type WebhookEvent, type WebhookFormat } from "@/domain/webhook";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";
import { sortIssues } from "../field-issues";
import { CopyField } from "../tokens/copy-field";

const FIELDS = ["url", "events", "format"] as const;
const FORMAT_LABELS: Record<WebhookFormat, string> = { json: "JSON, signed", slack: "Slack", teams: "Microsoft Teams" };

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
  const toggle = (event: WebhookEvent, on: boolean) => setEvents((current) => (on ? [...current, event] : current.filter((e) => e !== event)));

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
        <Select label="Format" value={format} onChange={(e) => setFormat(e.target.value as WebhookFormat)} error={issues?.byField.format} wrapperClassName="w-full sm:w-64">
          {WEBHOOK_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABELS[f]}
            </option>
          ))}
        </Select>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">Events</legend>
          {WEBHOOK_EVENTS.map(({ event, label }) => (
            <Checkbox key={event} label={label} hint={event} checked={events.includes(event)} onChange={(e) => toggle(event, e.target.checked)} />
          ))}
          {issues?.byField.events ? <p className="text-xs font-medium text-red-700 dark:text-red-300">{issues.byField.events}</p> : null}
        </fieldset>
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
