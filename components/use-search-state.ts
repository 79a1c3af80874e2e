"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";

/**
 * Page state kept in the URL's query, so views can be shared and the back button works.
 * Updates build on the latest requested state, not the last rendered one: two quick clicks
 * (a range, then a view) must not lose the first.
 */
export function useSearchState() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const latest = useRef(new URLSearchParams(params));

  useEffect(() => {
    latest.current = new URLSearchParams(params);
  }, [params]);

  const update = useCallback(
    (changes: Record<string, string | null>, mode: "push" | "replace" = "push") => {
      const next = new URLSearchParams(latest.current);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === "") next.delete(key);
        else next.set(key, value);
      }
      latest.current = next;
      const query = next.toString();
      router[mode](query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );

  return { params, update };
}
