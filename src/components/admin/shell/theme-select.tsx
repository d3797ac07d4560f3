"use client";

import { useLayoutEffect, useState } from "react";
import { applyThemeChoice, parseThemeChoice, THEME_STORAGE_KEY, type ThemeChoice } from "./theme";

function readStoredChoice(): ThemeChoice {
  try {
    return parseThemeChoice(localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    return "system";
  }
}

/**
 * System / Light / Dark, as a native select: one keyboard-friendly control that fits a 360 px
 * header. The server cannot know the stored choice, so the first render says "system" and the
 * layout effect corrects it (and re-applies the class after a client-side navigation into /admin,
 * where the inline theme script does not run) before the browser paints.
 */
export function ThemeSelect() {
  const [choice, setChoice] = useState<ThemeChoice>("system");

  useLayoutEffect(() => {
    const stored = readStoredChoice();
    setChoice(stored);
    applyThemeChoice(stored);
  }, []);

  return (
    <label className="flex items-center gap-1 text-sm text-slate-700 dark:text-slate-300">
      <span className="sr-only sm:not-sr-only">Theme</span>
      <select
        data-testid="theme-select"
        value={choice}
        onChange={(event) => {
          const next = parseThemeChoice(event.target.value);
          setChoice(next);
          applyThemeChoice(next);
          try {
            if (next === "system") localStorage.removeItem(THEME_STORAGE_KEY);
            else localStorage.setItem(THEME_STORAGE_KEY, next);
          } catch {
            // Storage blocked: the choice still holds for this page view.
          }
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
