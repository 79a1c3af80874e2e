import Link from "next/link";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { SkipLink } from "@/components/skip-link";
import { Button } from "@/components/ui/button";
import { stopViewing } from "@/lib/auth/impersonation-actions";
import { requireStaff } from "@/lib/auth/session";
import { isViewingAsCustomer } from "@/lib/domain/impersonation";

export default async function StaffConsoleLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaff();
  const viewing = await isViewingAsCustomer(staff.subject);
  return (
    <>
      <SkipLink />
      <SiteHeader
        home="/staff"
        label="Support console"
        user={`${staff.username} (${staff.roles.join(", ")})`}
      />
      <nav aria-label="Console" className="border-b border-slate-200 bg-white">
        <ul className="mx-auto flex max-w-6xl gap-1 px-4">
          <li>
            <Link
              href="/staff"
              className="inline-flex min-h-11 items-center px-3 text-sm font-medium text-slate-800 hover:underline"
            >
              Customers
            </Link>
          </li>
          <li>
            <Link
              href="/staff/invites"
              className="inline-flex min-h-11 items-center px-3 text-sm font-medium text-slate-800 hover:underline"
            >
              Invitations
            </Link>
          </li>
        </ul>
      </nav>
      {viewing ? (
        <section aria-label="Support session" className="bg-amber-100 text-amber-950">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-2 text-sm">
            <p>You are viewing the portal as a customer. Changes are disabled until you stop.</p>
            <div className="flex gap-2">
              <Link href="/" className="inline-flex min-h-11 items-center font-semibold underline">
                Back to the portal
              </Link>
              <form action={stopViewing}>
                <Button type="submit" variant="secondary">
                  Stop viewing
                </Button>
              </form>
            </div>
          </div>
        </section>
      ) : null}
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </>
  );
}
