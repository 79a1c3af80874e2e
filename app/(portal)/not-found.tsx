import Link from "next/link";

export default function PortalNotFound() {
  return (
    <section aria-labelledby="nf-title">
      <h1 id="nf-title" className="text-2xl font-bold">
        Not found
      </h1>
      <p className="mt-2 text-slate-700">
        There is nothing here, or it is not linked to your sign-in.
      </p>
      <Link href="/" className="mt-4 inline-block font-medium text-brand-700 underline">
        Back to the dashboard
      </Link>
    </section>
  );
}
