"use client";

import { createContext, type ReactNode, useContext, useSyncExternalStore } from "react";
import { ToastRegion } from "@/components/ui/toast";

const ReadOnlyContext = createContext(false);

/** True when changes are not allowed (support staff viewing as the customer). */
export function useReadOnly() {
  return useContext(ReadOnlyContext);
}

const noSubscription = () => () => {};

/**
 * False in the server's HTML and until React has hydrated it: controls that change data stay
 * disabled until then, as a click on a control React does not yet drive is silently undone.
 */
export function useHydrated() {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/** What every portal page shares: toasts and whether the session may change anything. */
export function Providers({
  children,
  readOnly = false,
}: {
  children: ReactNode;
  readOnly?: boolean;
}) {
  return (
    <ReadOnlyContext.Provider value={readOnly}>
      {children}
      <ToastRegion />
    </ReadOnlyContext.Provider>
  );
}
