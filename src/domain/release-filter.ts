import { z } from "zod";
import { validationStatusSchema, type ValidationStatus } from "./artifact";
import { channelNameSchema } from "./channel";
import { type Platform, platformSchema } from "./platform";
import { visibleText } from "./visible-text";

export const MAX_RELEASE_SEARCH_LENGTH = 100;

/** Which releases of an app a list shows; every field narrows, none given shows them all. */
export const releaseFilterSchema = z.object({
  /** The channel the release was published to. */
  channel: channelNameSchema.optional(),
  /** Releases with a file for this platform. */
  platform: platformSchema.optional(),
  /** Releases with a file in this state. */
  validationStatus: validationStatusSchema.optional(),
  /** Part of the version or the build. */
  search: z
    .string()
    .trim()
    .max(MAX_RELEASE_SEARCH_LENGTH, `search must be at most ${MAX_RELEASE_SEARCH_LENGTH} characters`)
    // A blank search box means no search.
    .transform((s) => (s === "" ? undefined : s))
    .optional(),
});
export type ReleaseListFilter = z.output<typeof releaseFilterSchema>;

type SearchParams = Record<string, string | string[] | undefined>;

export interface ReleaseListQuery {
  filter: ReleaseListFilter;
  cursor: string | undefined;
  /** What was left out of the URL's filter, in words for a notice ("Unknown platform …"). */
  ignored: string[];
}

const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? "") : (value ?? "")).trim();

/** A refused value as a notice quotes it: cut short (a URL can hold kilobytes) and with hidden characters shown. */
const quoted = (value: string): string => `"${visibleText(value.length > 40 ? `${value.slice(0, 40)}…` : value)}"`;

/**
 * The releases list's filter from its URL (a GET form, so people edit and share it). A value that
 * cannot be a filter is dropped with a notice rather than failing the page: an old bookmark or a
 * typo should still show releases.
 */
export function releaseListQueryFromParams(params: SearchParams): ReleaseListQuery {
  const filter: ReleaseListFilter = {};
  const ignored: string[] = [];

  const channel = first(params.channel);
  if (channel) {
    if (channelNameSchema.safeParse(channel).success) filter.channel = channel;
    else ignored.push(`${quoted(channel)} is not a channel name, so the channel filter was ignored.`);
  }
  const platform = first(params.platform);
  if (platform) {
    const parsed = platformSchema.safeParse(platform);
    if (parsed.success) filter.platform = parsed.data satisfies Platform;
    else ignored.push(`Unknown platform ${quoted(platform)} ignored: showing every platform.`);
  }
  const status = first(params.status);
  if (status) {
    const parsed = validationStatusSchema.safeParse(status);
    if (parsed.success) filter.validationStatus = parsed.data satisfies ValidationStatus;
    else ignored.push(`Unknown validation status ${quoted(status)} ignored: showing every status.`);
  }
  const search = first(params.q);
  if (search.length > MAX_RELEASE_SEARCH_LENGTH) {
    filter.search = search.slice(0, MAX_RELEASE_SEARCH_LENGTH);
    ignored.push(`The search was cut to its first ${MAX_RELEASE_SEARCH_LENGTH} characters.`);
  } else if (search) {
    filter.search = search;
  }
  // Cursors are release ids; anything else would only make the store return an empty page.
  const cursor = first(params.cursor);
  return { filter, cursor: /^[\w-]{1,100}$/.test(cursor) ? cursor : undefined, ignored };
}

/** The URL of a list page with this filter (and cursor); empty fields stay out of it. */
export function releaseListHref(base: string, filter: ReleaseListFilter, cursor?: string): string {
  const params = new URLSearchParams();
  if (filter.channel) params.set("channel", filter.channel);
  if (filter.platform) params.set("platform", filter.platform);
  if (filter.validationStatus) params.set("status", filter.validationStatus);
  if (filter.search) params.set("q", filter.search);
  if (cursor) params.set("cursor", cursor);
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

export function isFiltered(filter: ReleaseListFilter): boolean {
  return Boolean(filter.channel || filter.platform || filter.validationStatus || filter.search);
}
