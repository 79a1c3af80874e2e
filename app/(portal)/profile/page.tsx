import type { Metadata } from "next";
import { ProfileForm } from "@/components/profile/profile-form";
import { QueryProvider } from "@/components/query-provider";
import { currentProfile } from "@/lib/page-data";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const profile = await currentProfile();
  return (
    <QueryProvider>
      <div>
        <h1 className="mb-6 text-2xl font-bold sm:text-3xl">Profile</h1>
        {profile ? (
          <ProfileForm initial={profile} />
        ) : (
          <p>Your sign-in is not linked to a customer yet.</p>
        )}
      </div>
    </QueryProvider>
  );
}
