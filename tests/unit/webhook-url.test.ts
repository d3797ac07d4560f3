import { describe, expect, it } from "vitest";
import { createWebhookInputSchema, webhookEventOf } from "@/domain/webhook";
import { checkWebhookUrl } from "@/domain/webhook-url";

describe("webhook URLs", () => {
  it("take http(s) URLs and normalise them", () => {
    expect(checkWebhookUrl("https://hooks.example.com/a?b=1")).toEqual({ ok: true, url: "https://hooks.example.com/a?b=1" });
    expect(checkWebhookUrl("http://127.0.0.1:8080/hook")).toEqual({ ok: true, url: "http://127.0.0.1:8080/hook" });
    expect(checkWebhookUrl("HTTPS://BÜCHER.example/x")).toEqual({ ok: true, url: "https://xn--bcher-kva.example/x" });
  });

  it.each([
    ["", "enter"],
    ["javascript:alert(1)", "https://"],
    ["file:///etc/passwd", "https://"],
    ["ftp://example.com/", "https://"],
    ["gopher://127.0.0.1:25/_HELO", "https://"],
    ["data:text/plain,hi", "https://"],
    ["ws://example.com/", "https://"],
    ["http://user:pass@example.com/", "user name or password"],
    ["https://token@example.com/", "user name or password"],
    ["http://", "not a URL"],
    ["example.com/hook", "not a URL"],
    ["http://exa mple.com/", "spaces"],
    [" http://example.com/", "spaces"],
    ["http://example.com/\r\nHost: evil", "control"],
    ["http://example.com/\u0000", "control"],
    ["http://example.com/\u2028", "control"],
    ["http://example.com/#frag", "fragment"],
    [`https://example.com/${"a".repeat(2000)}`, "at most"],
  ])("refuse %j", (raw, reason) => {
    const check = checkWebhookUrl(raw);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toContain(reason);
  });

  it("the create schema refuses unknown events and formats, and orders events", () => {
    expect(createWebhookInputSchema.safeParse({ url: "https://x.example/", events: [] }).success).toBe(false);
    expect(createWebhookInputSchema.safeParse({ url: "https://x.example/", events: ["app.delete"] }).success).toBe(false);
    expect(createWebhookInputSchema.safeParse({ url: "https://x.example/", events: ["release.published"], format: "xml" }).success).toBe(false);
    const parsed = createWebhookInputSchema.parse({ url: "https://x.example", events: ["channel.promoted", "release.published", "channel.promoted"] });
    expect(parsed).toEqual({ url: "https://x.example/", events: ["release.published", "channel.promoted"], format: "json" });
  });

  it("events come from the audit actions the code records", () => {
    expect(webhookEventOf({ action: "release.publish", metadata: {} })).toBe("release.published");
    expect(webhookEventOf({ action: "channel.promote", metadata: {} })).toBe("channel.promoted");
    expect(webhookEventOf({ action: "channel.rollback", metadata: {} })).toBe("channel.rolled_back");
    expect(webhookEventOf({ action: "channel.update", metadata: { rolloutPercent: { from: 10, to: 50 } } })).toBe("channel.rollout_changed");
    expect(webhookEventOf({ action: "channel.update", metadata: { policy: {} } })).toBeNull();
    expect(webhookEventOf({ action: "artifact.allow_invalid", metadata: {} })).toBe("artifact.invalid");
    expect(webhookEventOf({ action: "token.use", metadata: {} })).toBeNull();
  });
});
