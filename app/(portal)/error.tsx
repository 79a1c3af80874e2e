"use client";

import { RightBack } from "@/components/status/right-back";

export default function PortalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <RightBack reset={reset} digest={error.digest} />;
}
