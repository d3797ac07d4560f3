import { Skeleton } from "@/components/ui";

/** Shown while a console list renders on the server: the shape of a heading and a list. */
export function PageSkeleton() {
  return (
    <div className="flex flex-col gap-4" role="status" aria-live="polite" data-testid="admin-loading">
      <span className="sr-only">Loading…</span>
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-4 w-72 max-w-full" />
      <div className="flex flex-col gap-2 pt-2">
        <Skeleton className="h-10 w-full" />
        <Skeleton className="h-10 w-full" />
        <Skeleton className="h-10 w-full" />
      </div>
    </div>
  );
}
