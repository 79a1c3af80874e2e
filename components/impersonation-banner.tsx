import { Button } from "@/components/ui/button";
import { stopViewing } from "@/lib/auth/impersonation-actions";
import type { Impersonation } from "@/lib/auth/principal";
import { formatInstant } from "@/lib/format";

/** Shown on every portal page while staff view it as a customer: who, why, until when, and a way out. */
export function ImpersonationBanner({
  session,
  timeZone,
}: {
  session: Impersonation;
  timeZone: string;
}) {
  return (
    <section
      aria-label="Support session"
      className="bg-amber-100 text-amber-950"
      data-testid="impersonation-banner"
    >
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-2 text-sm">
        <p>
          <strong>{session.staffUsername}</strong> is viewing as{" "}
          <strong>{session.customerName ?? "this customer"}</strong>, read-only. Reason:{" "}
          {session.reason}. Ends at{" "}
          {formatInstant(session.expiresAt, timeZone, null, {
            hour: "numeric",
            minute: "2-digit",
            timeZoneName: "short",
          })}
          .
        </p>
        <form action={stopViewing}>
          <Button type="submit" variant="secondary">
            Stop viewing as customer
          </Button>
        </form>
      </div>
    </section>
  );
}
