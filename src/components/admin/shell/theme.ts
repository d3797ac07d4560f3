// The admin console's colour theme: "system" follows the OS (prefers-color-scheme), "light" and
// "dark" put a class on <html> that the `dark` variant in globals.css obeys over the OS setting.

export type ThemeChoice = "system" | "light" | "dark";

export const THEME_STORAGE_KEY = "shipyard-theme";

/**
 * Runs inline at the top of the admin layout, before the page paints, so a stored choice never
 * flashes the other theme first. Kept tiny and dependency-free; it is sent with the request's CSP
 * nonce. try/catch: localStorage throws when storage is blocked, and then "system" is right anyway.
 */
export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});var c=document.documentElement.classList;c.remove("light","dark");if(t==="light"||t==="dark")c.add(t)}catch(e){}})();`;

export function parseThemeChoice(value: string | null | undefined): ThemeChoice {
  return value === "light" || value === "dark" ? value : "system";
}

/** The same as THEME_SCRIPT, for the toggle and for client-side navigations (where inline scripts do not run). */
export function applyThemeChoice(choice: ThemeChoice): void {
  const classes = document.documentElement.classList;
  classes.remove("light", "dark");
  if (choice !== "system") classes.add(choice);
}
