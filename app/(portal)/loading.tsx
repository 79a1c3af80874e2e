import { Skeleton } from "@/components/ui/skeleton";

/** Shown while a page's data loads: the same blocks the pages use, so nothing jumps. */
export default function Loading() {
  return (
    <div className="space-y-6" aria-busy="true">
      <p className="sr-only" role="status">
        Loading…
      </p>
      <Skeleton className="h-9 w-64" />
      <div className="grid gap-6 lg:grid-cols-3">
        <Skeleton className="h-56" />
        <Skeleton className="h-56 lg:col-span-2" />
      </div>
      <Skeleton className="h-72" />
    </div>
  );
}
