"use client";

import { RightBack } from "@/components/status/right-back";

/** Pages outside the portal's own layout (sign-in, invitations, staff) fail the same way. */
export default function AppError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main className="px-4 py-16">
      <RightBack reset={reset} digest={error.digest} />
    </main>
  );
}
