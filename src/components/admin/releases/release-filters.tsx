import { PLATFORM_LABELS } from "@/components/install/labels";
import { Button, ButtonLink, Input, Select } from "@/components/ui";
import { VALIDATION_STATUSES } from "@/domain/artifact";
import { PLATFORMS } from "@/domain/platform";
import { isFiltered, MAX_RELEASE_SEARCH_LENGTH, releaseListHref, type ReleaseListFilter } from "@/domain/release-filter";

/**
 * The releases list's filters as a plain GET form: they live in the URL (shareable, back button,
 * no JavaScript needed), and applying them starts again at the newest release (no cursor field).
 */
export function ReleaseFilters({ action, channels, filter }: { action: string; channels: string[]; filter: ReleaseListFilter }) {
  // A channel in the URL that the app does not have stays selectable, so the form shows what is applied.
  const channelOptions = filter.channel && !channels.includes(filter.channel) ? [...channels, filter.channel] : channels;
  return (
    // Keyed by the filter: a client-side navigation (Clear filters, back) must reset the uncontrolled fields to the URL's values.
    // biome-ignore lint/a11y/useSemanticElements: a form with role=search is the search landmark; <search> would only add a wrapper around it.
    <form key={releaseListHref(action, filter)} method="get" action={action} role="search" aria-label="Filter releases" className="flex flex-col gap-3" data-testid="release-filters">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Select name="channel" label="Channel" defaultValue={filter.channel ?? ""} data-testid="filter-channel">
          <option value="">All channels</option>
          {channelOptions.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </Select>
        <Select name="platform" label="Platform" defaultValue={filter.platform ?? ""} data-testid="filter-platform">
          <option value="">All platforms</option>
          {PLATFORMS.map((p) => (
            <option key={p} value={p}>
              {PLATFORM_LABELS[p]}
            </option>
          ))}
        </Select>
        <Select name="status" label="Validation" defaultValue={filter.validationStatus ?? ""} data-testid="filter-status">
          <option value="">Any status</option>
          {VALIDATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s === "valid" ? "Valid" : s === "invalid" ? "Invalid" : "Pending"}
            </option>
          ))}
        </Select>
        <Input
          type="search"
          name="q"
          label="Version or build"
          defaultValue={filter.search ?? ""}
          placeholder="e.g. 1.2 or 45"
          maxLength={MAX_RELEASE_SEARCH_LENGTH}
          autoComplete="off"
          data-testid="filter-search"
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="secondary" data-testid="filter-apply">
          Apply filters
        </Button>
        {isFiltered(filter) ? (
          <ButtonLink href={action} variant="ghost" data-testid="filter-clear">
            Clear filters
          </ButtonLink>
        ) : null}
      </div>
    </form>
  );
}
