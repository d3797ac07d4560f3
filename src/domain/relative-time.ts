// Dates in the console: relative for scanning a list ("3 hours ago"), absolute in UTC for the
// title attribute and for anything compared across time zones. Fixed to English so a server render
// and its test agree.

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "just now", "5 minutes ago", "in 3 days", "last month"… in the largest unit that is at least one, rounded. */
export function formatRelativeTime(date: Date, now: Date): string {
  const seconds = (date.getTime() - now.getTime()) / 1000;
  if (Math.abs(seconds) < 45) return "just now";
  for (const [unit, size] of UNITS) {
    // Rounded, not truncated: a 90-day token made a second ago expires "in 3 months", not "in 2".
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(seconds < 0 ? -1 : 1, "minute");
}

/**
 * "2026-12-06 14:03 UTC", or "2026-12-06 14:03:59 UTC" to the second where events seconds apart
 * must read apart (a channel's moves, the audit log, the janitor's runs). The console's one clock.
 */
export function formatUtc(date: Date, precision: "minute" | "second" = "minute"): string {
  return `${date
    .toISOString()
    .slice(0, precision === "second" ? 19 : 16)
    .replace("T", " ")} UTC`;
}
