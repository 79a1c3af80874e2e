"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useState } from "react";
import { ToastProvider } from "@/components/ui/toast";

const ReadOnlyContext = createContext(false);

/** True when changes are not allowed (support staff viewing as the customer). */
export function useReadOnly() {
  return useContext(ReadOnlyContext);
}

export function Providers({
  children,
  readOnly = false,
}: {
  children: ReactNode;
  readOnly?: boolean;
}) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 60_000, refetchOnWindowFocus: false, retry: 1 } },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      <ReadOnlyContext.Provider value={readOnly}>
        <ToastProvider>{children}</ToastProvider>
      </ReadOnlyContext.Provider>
    </QueryClientProvider>
  );
}
