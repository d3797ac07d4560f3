"use client";

import { Checkbox, Select } from "@/components/ui";
import { WEBHOOK_EVENTS, WEBHOOK_FORMATS, type WebhookEvent, type WebhookFormat } from "@/domain/webhook";

export const FORMAT_LABELS: Record<WebhookFormat, string> = { json: "JSON, signed", slack: "Slack", teams: "Microsoft Teams" };

/** The format picker and the event checkboxes, shared by the add form and a webhook's edit form. */
export function WebhookFields(props: {
  format: WebhookFormat;
  onFormat: (format: WebhookFormat) => void;
  events: WebhookEvent[];
  onEvents: (events: WebhookEvent[]) => void;
  errors?: { format?: string; events?: string };
}) {
  const { format, events, errors } = props;
  const toggle = (event: WebhookEvent, on: boolean) => props.onEvents(on ? [...events, event] : events.filter((e) => e !== event));
  return (
    <>
      <Select label="Format" value={format} onChange={(e) => props.onFormat(e.target.value as WebhookFormat)} error={errors?.format} wrapperClassName="w-full sm:w-64">
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
        {errors?.events ? <p className="text-xs font-medium text-red-700 dark:text-red-300">{errors.events}</p> : null}
      </fieldset>
    </>
  );
}
