import type { Metadata } from "next";
import { ErasureCard } from "@/components/profile/erasure-card";
import { ProfileForm } from "@/components/profile/profile-form";
import { QueryProvider } from "@/components/query-provider";
import { getLatestErasureRequest } from "@/db/queries/erasure-requests";
import { currentPrincipal, currentProfile } from "@/lib/page-data";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const principal = await currentPrincipal();
  const [profile, erasure] = await Promise.all([
    currentProfile(),
    getLatestErasureRequest({ principal }),
  ]);
  return (
    <QueryProvider>
      <div>
        <h1 className="mb-6 text-2xl font-bold sm:text-3xl">Profile</h1>
        {profile ? (
          <>
            <ProfileForm initial={profile} />
            <ErasureCard initial={erasure} canAsk={principal.impersonation === undefined} />
          </>
        ) : (
          <p>Your sign-in is not linked to a customer yet.</p>
        )}
      </div>
    </QueryProvider>
  );
}
