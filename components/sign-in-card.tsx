import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

const errorMessages: Record<string, string> = {
  OAuthSignin: "We could not reach the sign-in service. Please try again.",
  OAuthCallbackError: "Sign-in was cancelled or did not complete. Please try again.",
  AccessDenied: "Access was denied.",
  Configuration: "Sign-in is not available right now. Please try again later.",
  customer_closed:
    "Your customer account is closed, so you can no longer sign in to the portal. If you think this is wrong, please contact us.",
};

export function SignInCard({
  title,
  intro,
  action,
  callbackUrl,
  error,
  footer,
}: {
  title: string;
  intro: string;
  action: (formData: FormData) => Promise<void>;
  callbackUrl?: string;
  error?: string;
  footer?: ReactNode;
}) {
  const message = error ? (errorMessages[error] ?? "Sign-in failed. Please try again.") : null;
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">
          Energy account
        </p>
        <h1 className="mt-2 text-2xl font-bold">{title}</h1>
        <p className="mt-2 text-sm text-slate-600">{intro}</p>
        {message ? (
          <p role="alert" className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-800">
            {message}
          </p>
        ) : null}
        <form action={action} className="mt-6">
          <input type="hidden" name="callbackUrl" value={callbackUrl ?? ""} />
          <Button type="submit" className="w-full">
            Sign in
          </Button>
        </form>
        {footer ? <div className="mt-6 text-sm text-slate-600">{footer}</div> : null}
      </div>
    </main>
  );
}
