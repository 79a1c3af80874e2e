import type { CustomerStatus } from "@/db/schema/customers";
import { AppError } from "@/lib/errors";
import { withArticle } from "@/lib/text";

/** The customer lifecycle: onboarding → prelive → live ⇄ inactive → closed. */
export const statusTransitions: Record<CustomerStatus, readonly CustomerStatus[]> = {
  onboarding: ["prelive"],
  prelive: ["live"],
  live: ["inactive"],
  inactive: ["live", "closed"],
  closed: [],
};

export function canTransition(from: CustomerStatus, to: CustomerStatus): boolean {
  return from === to || statusTransitions[from].includes(to);
}

export function assertTransition(from: CustomerStatus, to: CustomerStatus): void {
  if (!canTransition(from, to)) {
    const allowed = statusTransitions[from];
    throw new AppError(
      "invalid_status_transition",
      allowed.length
        ? `${withArticle(from, true)} customer can only become ${allowed.join(" or ")}, not ${to}.`
        : `${withArticle(from, true)} customer cannot change status.`,
    );
  }
}
