import { renderReleaseNotes } from "@/domain/markdown";

// Markdown rendering is an install page's costliest step, and a page renders the notes of every
// release in its history; notes rarely change, so the last few hundred renderings are kept.

const MAX_ENTRIES = 500;
const rendered = new Map<string, string>();

/** Release notes as sanitised HTML, from the cache when the same markdown was rendered before. */
export function notesHtml(markdown: string): string {
  let html = rendered.get(markdown);
  if (html === undefined) {
    html = renderReleaseNotes(markdown);
    if (rendered.size >= MAX_ENTRIES) rendered.delete(rendered.keys().next().value as string);
    rendered.set(markdown, html);
  }
  return html;
}
