import { timingSafeEqual } from "node:crypto";
import type { App } from "@/domain/app";

/** How an app in the field identifies itself to the update API: its public update key. */
export const APP_KEY_HEADER = "x-shipyard-app-key";

export function appKeyMatches(app: Pick<App, "updateKey">, given: string | null): boolean {
  if (!app.updateKey || !given) return false;
  const a = Buffer.from(app.updateKey);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
