"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useHydrated, useReadOnly } from "@/components/providers";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { ApiError, apiFetch } from "@/lib/api-client";
import type { AccountDetail } from "@/lib/schemas/types";

/** The account's name, renamed in place: the new name shows at once and reverts if refused. */
export function AccountHeading({
  accountId,
  accountNumber,
  initialNickname,
  canManage,
}: {
  accountId: string;
  accountNumber: string;
  initialNickname: string | null;
  canManage: boolean;
}) {
  const readOnly = useReadOnly();
  const hydrated = useHydrated();
  const toast = useToast();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [nickname, setNickname] = useState(initialNickname);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(initialNickname ?? "");
  const [error, setError] = useState<string>();

  const rename = useMutation({
    mutationFn: (next: string | null) =>
      apiFetch<AccountDetail>(`/api/accounts/${accountId}`, {
        method: "PUT",
        body: { nickname: next },
      }),
    onMutate: (next) => {
      const previous = nickname;
      setNickname(next);
      setEditing(false);
      return { previous };
    },
    onError: (err, _next, context) => {
      setNickname(context?.previous ?? null);
      setEditing(true);
      const message =
        err instanceof ApiError
          ? (err.fieldErrors().nickname ?? err.message)
          : "The account could not be renamed.";
      setError(message);
      toast("error", `Not renamed: ${message}`);
    },
    onSuccess: (account) => {
      setNickname(account.nickname);
      setError(undefined);
      toast("success", "Account renamed.");
      void queryClient.invalidateQueries({ queryKey: ["accounts"] });
      router.refresh();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = draft.trim();
    rename.mutate(value === "" ? null : value);
  };

  return (
    <div>
      <h1 className="text-2xl font-bold sm:text-3xl" data-testid="account-name">
        {nickname ?? `Account ${accountNumber}`}
      </h1>
      {nickname ? <p className="text-slate-700">Account number {accountNumber}</p> : null}
      {canManage && !readOnly ? (
        editing ? (
          <form
            onSubmit={submit}
            className="mt-3 flex flex-wrap items-end gap-2"
            aria-label="Rename account"
          >
            <TextField
              label="Account nickname"
              value={draft}
              maxLength={60}
              onChange={(e) => setDraft(e.target.value)}
              error={error}
              hint="Leave empty to show the account number"
              className="w-72 max-w-full"
            />
            <Button type="submit" disabled={rename.isPending}>
              Save name
            </Button>
            <Button type="button" variant="ghost" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </form>
        ) : (
          <Button
            variant="secondary"
            className="mt-3"
            disabled={!hydrated}
            onClick={() => {
              setDraft(nickname ?? "");
              setError(undefined);
              setEditing(true);
            }}
          >
            Rename account
          </Button>
        )
      ) : null}
    </div>
  );
}
