// Which URLs a webhook may post to. An admin types this, and the server then sends requests to it
// (server-side request forgery is the risk): only http(s), no credentials in the URL, no
// whitespace or control characters that could split a request line. Private and loopback
// addresses are allowed on purpose (self-hosted chat servers live there); the worker follows no
// redirects and shows only status codes, never response bodies, so a webhook cannot read what it
// reaches. README § Webhooks says what else an operator should restrict at the network level.

export const WEBHOOK_URL_MAX_LENGTH = 2000;

export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

export function checkWebhookUrl(raw: string): WebhookUrlCheck {
  if (raw.length === 0) return { ok: false, reason: "enter the URL to post to" };
  if (raw.length > WEBHOOK_URL_MAX_LENGTH) return { ok: false, reason: `a webhook URL has at most ${WEBHOOK_URL_MAX_LENGTH} characters` };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
  if (/[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(raw)) return { ok: false, reason: "a webhook URL must not contain spaces or control characters" };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "not a URL: it should look like https://example.com/hooks/shipyard" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "a webhook URL must start with https:// or http://" };
  if (url.username !== "" || url.password !== "") return { ok: false, reason: "a webhook URL must not carry a user name or password: use the signing secret instead" };
  if (url.hostname === "" || url.hostname === ".") return { ok: false, reason: "a webhook URL needs a host name" };
  if (url.hash !== "") return { ok: false, reason: "a webhook URL must not have a #fragment (it is never sent)" };
  return { ok: true, url: url.href };
}
