import type { Metadata } from "next";
import { getCustomerProfile } from "@/db/queries/customers";
import { requireCustomer } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Dashboard" };

function displayName(profile: {
  type: string;
  businessName?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}) {
  return profile.type === "business"
    ? (profile.businessName ?? "")
    : [profile.firstName, profile.lastName].filter(Boolean).join(" ");
}

export default async function DashboardPage() {
  const principal = await requireCustomer();
  const profile = await getCustomerProfile({ principal });
  if (!profile) {
    return (
      <section aria-labelledby="no-profile">
        <h1 id="no-profile" className="text-2xl font-bold">
          No customer profile yet
        </h1>
        <p className="mt-2 text-slate-600">
          Your sign-in is not linked to a customer account. If you received an invitation, open the
          link in it to finish setting up.
        </p>
      </section>
    );
  }
  const accounts = profile.accounts.length;
  return (
    <section aria-labelledby="welcome">
      <h1 id="welcome" className="text-2xl font-bold">
        {displayName(profile)}
      </h1>
      <p className="mt-2 text-slate-600" data-testid="account-count">
        {accounts} {accounts === 1 ? "account" : "accounts"}
      </p>
    </section>
  );
}
