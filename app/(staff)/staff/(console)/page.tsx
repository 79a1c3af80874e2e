import type { Metadata } from "next";
import { requireStaff } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Support console" };

export default async function StaffHomePage() {
  const staff = await requireStaff();
  return (
    <section aria-labelledby="staff-home">
      <h1 id="staff-home" className="text-2xl font-bold">
        Support console
      </h1>
      <p className="mt-2 text-slate-600">
        Signed in as <strong>{staff.username}</strong> with the{" "}
        {staff.roles.length ? staff.roles.join(", ") : "no"} role.
      </p>
    </section>
  );
}
