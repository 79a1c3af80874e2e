import type { Metadata } from "next";
import Link from "next/link";
import { SignInCard } from "@/components/sign-in-card";
import { signInStaff } from "@/lib/auth/actions";

export const metadata: Metadata = { title: "Staff sign-in" };

export default async function StaffSignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}) {
  const { callbackUrl, error } = await searchParams;
  return (
    <SignInCard
      title="Staff sign-in"
      intro="For customer support and administrators. Sign in with your staff account."
      action={signInStaff}
      callbackUrl={callbackUrl}
      error={error}
      footer={
        <Link href="/signin" className="underline hover:text-slate-900">
          Customer sign-in
        </Link>
      }
    />
  );
}
