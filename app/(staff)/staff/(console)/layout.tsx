import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { requireStaff } from "@/lib/auth/session";

export default async function StaffConsoleLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaff();
  return (
    <>
      <SiteHeader
        home="/staff"
        label="Support console"
        user={`${staff.username} (${staff.roles.join(", ")})`}
      />
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
}
