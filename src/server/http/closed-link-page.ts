import type { RedeemedShareLink } from "../services/share-links";

// The page a share link that no longer opens answers with (410): a visitor came from a chat or an
// email, so it is a short page in words, not a JSON error.

const REASONS: Record<Extract<RedeemedShareLink, { ok: false }>["reason"], string> = {
  unknown: "This share link is not valid.",
  revoked: "This share link was revoked by the app's owner.",
  expired: "This share link has expired.",
};

export function closedLinkPage(reason: keyof typeof REASONS): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Link closed · Shipyard</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}@media(prefers-color-scheme:dark){body{background:#020617;color:#f1f5f9}}</style></head><body><h1>Link closed</h1><p>${REASONS[reason]}</p><p>Ask whoever sent it for a new link.</p></body></html>`;
  return new Response(html, { status: 410, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
