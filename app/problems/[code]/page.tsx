import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { type ProblemCode, problemTypes } from "@/lib/errors";

export const metadata: Metadata = { title: "Error type" };

/** Problem `type` URIs resolve here, so a client developer can look any error up. */
export default async function ProblemTypePage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  if (!Object.hasOwn(problemTypes, code)) notFound();
  const problem = problemTypes[code as ProblemCode];
  return (
    <main className="mx-auto max-w-2xl px-4 py-12">
      <p className="font-mono text-sm text-slate-600">HTTP {problem.status}</p>
      <h1 className="mt-1 text-2xl font-bold">{problem.title}</h1>
      <p className="mt-4">
        Error code <code className="rounded bg-slate-100 px-1">{code}</code>. Responses with this
        code are <code>application/problem+json</code>; the <code>detail</code> says what went wrong
        in this case, and <code>requestId</code> identifies the request if you contact support.
      </p>
      <p className="mt-4">
        <a className="underline" href="/developers/api">
          API reference
        </a>
      </p>
    </main>
  );
}
