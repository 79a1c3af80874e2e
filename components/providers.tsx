"use client";

import { createContext, type ReactNode, useContext } from "react";
import { ToastProvider } from "@/components/ui/toast";

const ReadOnlyContext = createContext(false);

/** True when changes are not allowed (support staff viewing as the customer). */
export function useReadOnly() {
  return useContext(ReadOnlyContext);
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
      <ToastProvider>{children}</ToastProvider>
    </ReadOnlyContext.Provider>
  );
}
