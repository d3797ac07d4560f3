import { describe, expect, it } from "vitest";
import { describeEvent, renderWebhookBody, type WebhookEventPayload } from "@/domain/webhook-payload";

const payload: WebhookEventPayload = {
  id: "0193-event",
  event: "release.published",
  occurredAt: "2026-12-07T10:00:00.000Z",
  app: { id: "app-1", slug: "acme", name: "Acme <b>&</b>" },
  actor: "user:1",
  url: "https://ship.example/acme",
  data: { version: "1.2.0", build: "45", channel: "beta" },
};

describe("webhook bodies", () => {
  it("json is the event itself", () => {
    expect(JSON.parse(renderWebhookBody(payload, "json"))).toEqual(payload);
  });

  it("slack is {text} with markup characters escaped and a link", () => {
    const body = JSON.parse(renderWebhookBody(payload, "slack"));
    expect(Object.keys(body)).toEqual(["text"]);
    expect(body.text).toBe("Release published: Acme &lt;b&gt;&amp;&lt;/b&gt; · 1.2.0 (45) · on beta <https://ship.example/acme|Open in Shipyard>");
  });

  it("teams is a MessageCard with the same sentence and an Open link", () => {
    const body = JSON.parse(renderWebhookBody(payload, "teams"));
    expect(body["@type"]).toBe("MessageCard");
    expect(body.text).toBe(describeEvent(payload));
    expect(body.potentialAction[0].targets[0].uri).toBe(payload.url);
  });

  it("describes rollout changes and partial promotions", () => {
    expect(describeEvent({ ...payload, event: "channel.rollout_changed", data: { name: "stable", rolloutPercent: { from: 10, to: 50 } } })).toBe(
      "Rollout percentage changed: Acme <b>&</b> · on stable · now at 50%",
    );
    expect(describeEvent({ ...payload, event: "channel.promoted", data: { name: "stable", build: "45", rolloutPercent: 20 } })).toBe("Channel promoted: Acme <b>&</b> · on stable · to 20%");
  });
});
