// A slug proposed from a display name as the admin types it ("Hello Wörld!" → "hello-world"). Only
// a suggestion: the server's slugSchema has the final word (length, reserved names).

const MAX_SLUG_LENGTH = 64;

export function slugFromName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents split off by NFKD
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, ""); // the cut may end on a hyphen
}
