// Console searches ("part of the name", "part of the version") are substring matches. SQL LIKE
// treats % and _ as wildcards and SQLite has no default escape character, so a term is split at
// those characters into fragments that must all appear: never a wildcard, never an error, and the
// same answer from every store.

const WILDCARDS = /[%_\\]+/;

/** The lower-cased fragments a text must contain, in any case; none when the term is blank. */
export function searchFragments(term: string | undefined): string[] {
  if (!term) return [];
  return term
    .toLowerCase()
    .split(WILDCARDS)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Whether text contains every fragment, ignoring case (the memory store's matcher). */
export function matchesFragments(text: string, fragments: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return fragments.every((fragment) => lower.includes(fragment));
}
