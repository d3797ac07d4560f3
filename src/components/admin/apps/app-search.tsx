import { Button, Input } from "@/components/ui";

/**
 * The apps search: a plain GET form to /admin?q=…, so it works before (or without) JavaScript and
 * the URL can be shared. A new search starts at the first page (no cursor field).
 */
export function AppSearch({ query }: { query: string }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a form with role=search is the search landmark; <search> would only add a wrapper around it.
    <form method="get" action="/admin" role="search" aria-label="Apps" className="flex items-end gap-2" data-testid="app-search">
      <Input
        type="search"
        name="q"
        defaultValue={query}
        aria-label="Search apps by name or slug"
        placeholder="Search by name or slug"
        maxLength={100}
        wrapperClassName="min-w-0 flex-1"
        data-testid="app-search-input"
      />
      <Button type="submit" variant="secondary">
        Search
      </Button>
    </form>
  );
}
