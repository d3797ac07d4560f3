"use client";

import { useId, useRef, useState, type KeyboardEvent } from "react";
import { Button, cx } from "@/components/ui";
import type { CiSnippet } from "@/domain/ci-snippets";

/** The CI snippets as an ARIA tab set: arrow keys, Home and End move between tabs, Tab goes into the panel. */
export function CiSnippetTabs({ snippets }: { snippets: CiSnippet[] }) {
  const [selected, setSelected] = useState(0);
  const [copied, setCopied] = useState<string | null>(null);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const baseId = useId();

  function select(index: number) {
    const next = (index + snippets.length) % snippets.length;
    setSelected(next);
    tabs.current[next]?.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    const moves: Record<string, number> = { ArrowRight: selected + 1, ArrowLeft: selected - 1, Home: 0, End: snippets.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    select(target);
  }

  async function copy(snippet: CiSnippet, code: HTMLElement | null) {
    try {
      await navigator.clipboard.writeText(snippet.code);
      setCopied(snippet.id);
    } catch {
      // No clipboard (plain http, or refused): select the code so Ctrl+C copies it.
      if (code) window.getSelection()?.selectAllChildren(code);
      setCopied(null);
    }
  }

  return (
    <div className="flex flex-col gap-2">
      <div role="tablist" aria-label="CI configuration" className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-800" onKeyDown={onKeyDown}>
        {snippets.map((snippet, index) => (
          <button
            key={snippet.id}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`${baseId}-tab-${snippet.id}`}
            aria-selected={index === selected}
            aria-controls={`${baseId}-panel-${snippet.id}`}
            tabIndex={index === selected ? 0 : -1}
            onClick={() => setSelected(index)}
            data-testid={`ci-tab-${snippet.id}`}
            className={cx(
              "-mb-px min-h-10 rounded-t-md border-b-2 px-3 text-sm font-medium",
              "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500",
              index === selected
                ? "border-brand-600 text-brand-700 dark:border-brand-100 dark:text-brand-100"
                : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100",
            )}
          >
            {snippet.label}
          </button>
        ))}
      </div>
      {snippets.map((snippet, index) => (
        <SnippetPanel
          key={snippet.id}
          snippet={snippet}
          hidden={index !== selected}
          id={`${baseId}-panel-${snippet.id}`}
          labelledBy={`${baseId}-tab-${snippet.id}`}
          copied={copied === snippet.id}
          onCopy={(code) => void copy(snippet, code)}
        />
      ))}
    </div>
  );
}

function SnippetPanel(props: { snippet: CiSnippet; hidden: boolean; id: string; labelledBy: string; copied: boolean; onCopy: (code: HTMLElement | null) => void }) {
  const code = useRef<HTMLElement>(null);
  return (
    <div role="tabpanel" id={props.id} aria-labelledby={props.labelledBy} hidden={props.hidden} className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600 dark:text-slate-400">{props.snippet.hint}</p>
        <Button variant="secondary" size="sm" onClick={() => props.onCopy(code.current)}>
          {props.copied ? "Copied" : `Copy ${props.snippet.label} snippet`}
        </Button>
      </div>
      {/* Scrolls sideways rather than wrapping: a wrapped shell or YAML line would paste wrong. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable so keyboard users can scroll it (axe: scrollable-region-focusable). */}
      <pre tabIndex={0} className="max-h-96 overflow-auto rounded-md bg-slate-950 p-3 text-xs leading-relaxed text-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500">
        <code ref={code} data-testid={`ci-snippet-${props.snippet.id}`}>
          {props.snippet.code}
        </code>
      </pre>
    </div>
  );
}
