"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type KeyboardEvent, useId, useMemo, useRef, useState } from "react";
import { Button, cx, Textarea, useToast } from "@/components/ui";
import { renderReleaseNotes } from "@/domain/markdown";
import { MAX_NOTES_LENGTH } from "@/domain/release";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";

const TABS = ["write", "preview"] as const;
type Tab = (typeof TABS)[number];

/**
 * Markdown notes with a Write / Preview pair of tabs. The preview is the install pages' own
 * sanitizing renderer (domain/markdown.ts, pure and client-safe), so it shows exactly what
 * testers will see: raw HTML escaped, only absolute links, no images.
 */
export function ReleaseNotesEditor({ releaseId, initialNotes }: { releaseId: string; initialNotes: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const [notes, setNotes] = useState(initialNotes);
  const [saved, setSaved] = useState(initialNotes);
  const [tab, setTab] = useState<Tab>("write");
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ write: null, preview: null });
  const id = useId();
  const save = useMutation(
    trpc.releases.updateNotes.mutationOptions({
      onSuccess: (release) => {
        setSaved(release.notes);
        toast.success("Release notes saved.");
        router.refresh();
      },
    }),
  );
  // Rendered only while the preview is open: the renderer's cost grows with the text.
  const html = useMemo(() => (tab === "preview" ? renderReleaseNotes(notes) : ""), [tab, notes]);
  const dirty = notes !== saved;
  const tooLong = notes.length > MAX_NOTES_LENGTH;

  // Arrow keys move between tabs (WAI-ARIA tabs pattern); Tab then goes into the panel.
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight" && event.key !== "Home" && event.key !== "End") return;
    event.preventDefault();
    const index = TABS.indexOf(tab);
    const next = event.key === "Home" ? 0 : event.key === "End" ? TABS.length - 1 : (index + (event.key === "ArrowRight" ? 1 : -1) + TABS.length) % TABS.length;
    const target = TABS[next] ?? "write";
    setTab(target);
    tabRefs.current[target]?.focus();
  };

  return (
    <form
      className="flex flex-col gap-3"
      data-testid="notes-editor"
      onSubmit={(event) => {
        event.preventDefault();
        if (!tooLong) save.mutate({ id: releaseId, notes });
      }}
    >
      <div role="tablist" aria-label="Release notes" className="flex gap-1 border-b border-slate-200 dark:border-slate-800">
        {TABS.map((t) => (
          <button
            key={t}
            ref={(el) => {
              tabRefs.current[t] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-${t}-tab`}
            aria-selected={tab === t}
            aria-controls={`${id}-${t}-panel`}
            tabIndex={tab === t ? 0 : -1}
            onClick={() => setTab(t)}
            onKeyDown={onTabKey}
            data-testid={`notes-tab-${t}`}
            className={cx(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500",
              tab === t
                ? "border-brand-600 text-slate-900 dark:border-brand-100 dark:text-slate-100"
                : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100",
            )}
          >
            {t === "write" ? "Write" : "Preview"}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-write-panel`} aria-labelledby={`${id}-write-tab`} hidden={tab !== "write"}>
        <Textarea
          label={<span className="sr-only">Release notes (Markdown)</span>}
          value={notes}
          onChange={(event) => setNotes(event.target.value)}
          rows={10}
          className="font-mono"
          hint={`Markdown: headings, lists, links (https only), code. ${notes.length.toLocaleString("en")} / ${MAX_NOTES_LENGTH.toLocaleString("en")} characters.`}
          error={tooLong ? `Notes can be at most ${MAX_NOTES_LENGTH.toLocaleString("en")} characters; remove ${(notes.length - MAX_NOTES_LENGTH).toLocaleString("en")}.` : undefined}
          data-testid="notes-input"
        />
      </div>
      <div
        role="tabpanel"
        id={`${id}-preview-panel`}
        aria-labelledby={`${id}-preview-tab`}
        hidden={tab !== "preview"}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the WAI-ARIA tabs pattern makes a tabpanel without focusable content a tab stop.
        tabIndex={0}
        className="min-h-24 rounded-md border border-slate-200 px-3 py-2 text-sm dark:border-slate-800"
      >
        {notes.trim() === "" ? (
          <p className="text-slate-600 dark:text-slate-400">No notes: the install page shows none.</p>
        ) : (
          // biome-ignore lint/security/noDangerouslySetInnerHtml: the markdown renderer escapes raw HTML and allows only safe links; see domain/markdown.ts.
          <div className="release-notes" data-testid="notes-preview" dangerouslySetInnerHTML={{ __html: html }} />
        )}
      </div>
      {save.error ? (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300" data-testid="notes-error">
          {errorMessage(save.error)}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={!dirty || tooLong || save.isPending} aria-busy={save.isPending || undefined} data-testid="notes-save">
          {save.isPending ? "Saving…" : "Save notes"}
        </Button>
        {dirty ? (
          <Button variant="ghost" onClick={() => setNotes(saved)} disabled={save.isPending}>
            Discard changes
          </Button>
        ) : (
          <span className="text-sm text-slate-600 dark:text-slate-400" data-testid="notes-saved-state">
            No unsaved changes.
          </span>
        )}
      </div>
    </form>
  );
}
