import { z } from "zod";
import type { App } from "./app";
import { pageInputSchema } from "./pagination";

/** The apps list of the console: a page of apps, optionally narrowed by part of the name or slug. */
export const appSummaryQuerySchema = pageInputSchema.extend({
  search: z.string({ error: "search must be text" }).trim().max(100, "search must be at most 100 characters").optional(),
});
export type AppSummaryQuery = z.input<typeof appSummaryQuerySchema>;

export interface ChannelSummary {
  name: string;
  /** The release the channel points at, or null before its first promotion. */
  release: { id: string; version: string; build: string } | null;
  rolloutPercent: number;
}

export interface AppSummary {
  id: string;
  slug: string;
  displayName: string;
  visibility: App["visibility"];
  /** The icon of the newest release some channel serves, or null when none has one. */
  iconUrl: string | null;
  channels: ChannelSummary[];
  storage: { bytes: number; artifacts: number };
}
