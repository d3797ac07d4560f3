import { z } from "zod";
import type { OutboxState } from "./outbox";
import { checkWebhookUrl } from "./webhook-url";

// Webhooks tell another system what happened to an app. Each event is derived from an audit event
// the change already records (so a webhook can never report a change the log does not show), and
// its delivery is queued in the same transaction as that change.

export const WEBHOOK_EVENTS = [
  { event: "release.published", label: "Release published" },
  { event: "release.deleted", label: "Release deleted" },
  { event: "channel.promoted", label: "Channel promoted" },
  { event: "channel.rolled_back", label: "Channel rolled back" },
  { event: "channel.rollout_changed", label: "Rollout percentage changed" },
  { event: "artifact.invalid", label: "Invalid file published anyway" },
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]["event"];
const EVENT_NAMES = WEBHOOK_EVENTS.map((e) => e.event) as [WebhookEvent, ...WebhookEvent[]];

/** The webhook event an audit event is, if any. A channel update is one only when it moved the rollout. */
export function webhookEventOf(audit: { action: string; metadata: Record<string, unknown> }): WebhookEvent | null {
  switch (audit.action) {
    case "release.publish":
      return "release.published";
    case "release.delete":
      return "release.deleted";
    case "channel.promote":
      return "channel.promoted";
    case "channel.rollback":
      return "channel.rolled_back";
    case "channel.update":
      return audit.metadata.rolloutPercent !== undefined ? "channel.rollout_changed" : null;
    case "artifact.allow_invalid":
      return "artifact.invalid";
    default:
      return null;
  }
}

export const WEBHOOK_FORMATS = ["json", "slack", "teams"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface Webhook {
  id: string;
  appId: string;
  url: string;
  events: WebhookEvent[];
  format: WebhookFormat;
  /** Signs JSON deliveries; kept as is (signing needs it), shown once when created. */
  secret: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  disabledAt: Date | null;
}

export type PublicWebhook = Omit<Webhook, "secret">;

export function toPublicWebhook({ secret: _secret, ...webhook }: Webhook): PublicWebhook {
  return webhook;
}

/** One try at a delivery, as the delivery log shows it. */
export interface DeliveryAttempt {
  at: Date;
  /** The receiver's HTTP status; null when no answer came (refused, timed out, DNS). */
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDelivery {
  id: string;
  webhookId: string;
  event: WebhookEvent;
  /** The event as JSON (see webhook-payload.ts); the body is rendered in the webhook's format when sent. */
  payload: string;
  state: OutboxState;
  attempts: number;
  attemptLog: DeliveryAttempt[];
  nextAttemptAt: Date | null;
  leaseUntil: Date | null;
  lastStatus: number | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

const urlSchema = z.string({ error: "url must be a string" }).transform((raw, ctx) => {
  const check = checkWebhookUrl(raw.trim());
  if (check.ok) return check.url;
  ctx.addIssue({ code: "custom", message: check.reason });
  return z.NEVER;
});

const eventsSchema = z
  .array(z.enum(EVENT_NAMES, { error: `events are ${EVENT_NAMES.join(", ")}` }), { error: "events must be a list" })
  .min(1, "pick at least one event")
  .max(EVENT_NAMES.length)
  .transform((events) => EVENT_NAMES.filter((e) => events.includes(e)));

const formatSchema = z.enum(WEBHOOK_FORMATS, { error: `format is one of ${WEBHOOK_FORMATS.join(", ")}` });

export const createWebhookInputSchema = z.object({
  url: urlSchema,
  events: eventsSchema,
  format: formatSchema.default("json"),
});
export type CreateWebhookInput = z.input<typeof createWebhookInputSchema>;

export const updateWebhookInputSchema = z.object({
  url: urlSchema.optional(),
  events: eventsSchema.optional(),
  format: formatSchema.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateWebhookInput = z.input<typeof updateWebhookInputSchema>;
