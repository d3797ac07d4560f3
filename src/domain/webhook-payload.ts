import { WEBHOOK_EVENTS, type WebhookEvent, type WebhookFormat } from "./webhook";

// What a webhook receives. The event is stored once, as JSON, when the change commits; the body is
// rendered from it in the webhook's format when it is sent, so a format change applies to
// deliveries still waiting.

export interface WebhookEventPayload {
  /** The audit event's id: one per change, the same on every redelivery, so receivers can dedupe. */
  id: string;
  event: WebhookEvent;
  occurredAt: string;
  app: { id: string; slug: string; name: string };
  /** "user:<id>", "token:<id>" or "system". */
  actor: string;
  /** The install page of the app, for messages people read. */
  url: string;
  /** What the audit event recorded about the change (version, build, channel, percentages…). */
  data: Record<string, unknown>;
}

const LABELS = new Map<string, string>(WEBHOOK_EVENTS.map((e) => [e.event, e.label]));

function text(value: unknown): string | null {
  return typeof value === "string" || typeof value === "number" ? String(value) : null;
}

/** One line a person reads: what happened to which app, with the version and channel when known. */
export function describeEvent(payload: WebhookEventPayload): string {
  const { data } = payload;
  const version = text(data.version);
  const build = text(data.build);
  const release = version ? `${version}${build ? ` (${build})` : ""}` : null;
  const channel = text(data.name) ?? text(data.channel);
  const parts = [`${LABELS.get(payload.event) ?? payload.event}: ${payload.app.name}`];
  if (release) parts.push(release);
  if (channel) parts.push(`on ${channel}`);
  if (payload.event === "channel.rollout_changed") {
    const rollout = data.rolloutPercent as { to?: unknown } | undefined;
    if (typeof rollout?.to === "number") parts.push(`now at ${rollout.to}%`);
  } else if (typeof data.rolloutPercent === "number" && data.rolloutPercent < 100) {
    parts.push(`to ${data.rolloutPercent}%`);
  }
  if (text(data.filename)) parts.push(`file ${text(data.filename)}`);
  return parts.join(" · ");
}

// Slack reads &, < and > as markup (links, mentions): escaped, a release note cannot ping @channel.
function slackEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The request body for a webhook of this format. */
export function renderWebhookBody(payload: WebhookEventPayload, format: WebhookFormat): string {
  switch (format) {
    case "json":
      return JSON.stringify(payload);
    case "slack":
      return JSON.stringify({ text: `${slackEscape(describeEvent(payload))} <${slackEscape(payload.url)}|Open in Shipyard>` });
    case "teams":
      // Office 365 connector MessageCard: what Teams incoming webhooks and Workflows accept.
      return JSON.stringify({
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        summary: describeEvent(payload),
        themeColor: "2563EB",
        title: `Shipyard: ${payload.app.name}`,
        text: describeEvent(payload),
        potentialAction: [{ "@type": "OpenUri", name: "Open in Shipyard", targets: [{ os: "default", uri: payload.url }] }],
      });
  }
}
