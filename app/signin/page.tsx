import type { Metadata } from "next";
import Link from "next/link";
import { SignInCard } from "@/components/sign-in-card";
import { signInCustomer } from "@/lib/auth/actions";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}) {
  const { callbackUrl, error } = await searchParams;
  return (
    <SignInCard
      title="Sign in"
      intro="See your balance, usage and bills, and manage your account."
      action={signInCustomer}
      callbackUrl={callbackUrl}
      error={error}
      footer={
        <Link href="/staff/signin" className="underline hover:text-slate-900">
          Support staff sign-in
        </Link>
      }
    />
  );
}
