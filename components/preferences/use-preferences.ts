"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useToast } from "@/components/ui/toast";
import { apiFetch } from "@/lib/api-client";
import type { Preferences } from "@/lib/schemas/types";

export type PreferencesChange = {
  billDelivery?: Preferences["billDelivery"];
  notifications?: Partial<Preferences["notifications"]>;
  autoPay?: { enabled: boolean; paymentMethodId?: string | null };
  mailingAddress?: Partial<Preferences["mailingAddress"]> & { sameAsPrimaryPremise: boolean };
};

function merge(current: Preferences, change: PreferencesChange): Preferences {
  return {
    billDelivery: change.billDelivery ?? current.billDelivery,
    notifications: { ...current.notifications, ...change.notifications },
    autoPay: { ...current.autoPay, ...change.autoPay },
    mailingAddress: { ...current.mailingAddress, ...change.mailingAddress },
  };
}

const key = ["preferences"];

/** Preferences with optimistic saving: the change shows at once and is undone with a toast if refused. */
export function usePreferences(initial: Preferences) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const query = useQuery({
    queryKey: key,
    queryFn: () => apiFetch<Preferences>("/api/preferences"),
    initialData: initial,
  });
  const mutation = useMutation({
    mutationFn: (change: PreferencesChange) =>
      apiFetch<Preferences>("/api/preferences", { method: "PUT", body: change }),
    onMutate: async (change) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Preferences>(key);
      if (previous) queryClient.setQueryData(key, merge(previous, change));
      return { previous };
    },
    onError: (error, _change, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
      toast("error", `Not saved: ${error.message}`);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(key, saved);
      toast("success", "Preferences saved.");
    },
  });
  return {
    preferences: query.data,
    save: mutation.mutate,
    saveAsync: mutation.mutateAsync,
    saving: mutation.isPending,
  };
}
