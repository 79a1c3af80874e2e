// Auth.js's routes (sign-in, callbacks, sign-out, CSRF token, session), on the request pipeline
import type { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { renderProblem } from "@/lib/api/handler";
import { type Policy, runEntry } from "@/lib/http/pipeline";

/**
 * Anyone may start a sign-in; starts and the realm's callbacks count against the per-address
 * sign-in limit. Signing out must work while a member of staff is viewing as a customer.
 */
const authPolicy: Policy<null> = {
  admit: () => null,
  identityOnly: true,
  allowWhileViewing: true,
  limit: (req) =>
    /^\/api\/auth\/(signin|callback)\//.test(new URL(req.url).pathname) ? "signIn" : null,
};

type Context = { params: Promise<{ nextauth: string[] }> };

export const GET = (req: NextRequest, { params }: Context) =>
  runEntry(req, authPolicy, renderProblem, () => handlers.GET(req), params);
export const POST = (req: NextRequest, { params }: Context) =>
  runEntry(req, authPolicy, renderProblem, () => handlers.POST(req), params);
