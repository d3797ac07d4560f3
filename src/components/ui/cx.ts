// Joins class strings, dropping falsy parts. No tailwind-merge: callers append, they do not override.
export function cx(...parts: (string | false | null | undefined)[]): string {
  return parts.filter(Boolean).join(" ");
}
