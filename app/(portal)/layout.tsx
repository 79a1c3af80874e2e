import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { requireCustomer } from "@/lib/auth/session";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const principal = await requireCustomer();
  return (
    <>
      <SiteHeader home="/" label="Energy account" user={principal.username} />
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
}
