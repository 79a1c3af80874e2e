import "server-only";
import { headers } from "next/headers";
import type { Principal } from "@/lib/auth/principal";
import { sessionPrincipal } from "@/lib/auth/session";
import { AppError, databaseUnavailable } from "@/lib/errors";
import { log, safeError } from "@/lib/log";
import { isDatabaseUnavailable } from "@/lib/pg-error";
import { refuseUnstorableFormData } from "@/lib/validation";
import { refuseWritesWhenReadOnly } from "./guards";
import { idempotentAction } from "./idempotency";
import { observeRequest, requestIdOf } from "./observe";
import { consumeLimit, type LimitName, limitKey } from "./rate-limit";

/**
 * A server action on the request pipeline. Next.js has already refused a foreign Origin (the
 * proxy answers those with 403); here the signed-in, unrevoked principal is admitted by the
 * same guards as the API, a view as a customer stays read-only, and the write limit applies.
 * The action's form data, passed as `input`, is refused (naming the field) when it holds text
 * the database cannot store, as JSON bodies are; a key it holds (`IdempotencyKeyField`) makes
 * a resubmission answer the first result without running again. A refusal becomes the form's
 * state through `refused`, as does the database being out of reach (the form says to try again
 * shortly); anything else is logged and rethrown. Each action is logged, traced and measured as
 * a request is, under the route `action:<name>`.
 */
export async function runAction<P, S>(
  admit: (principal: Principal | null) => P,
  work: (admitted: P) => Promise<S>,
  refused: (error: AppError) => S,
  options: { name: string; input?: FormData; limit?: LimitName; allowWhileViewing?: boolean },
): Promise<S> {
  const requestHeaders = await headers();
  const requestId = requestIdOf(requestHeaders);
  const actionLog = log.child({ requestId });
  return observeRequest(
    { method: "POST", requestId, route: `action:${options.name}`, log: actionLog },
    async (outcome) => {
      const refuse = (error: AppError) => {
        outcome.status = error.status;
        return refused(error);
      };
      let admitted: P;
      let principal: Principal | null;
      try {
        principal = await sessionPrincipal();
        outcome.principal = principal;
        if (principal) await refuseWritesWhenReadOnly("POST", principal, options);
        admitted = admit(principal);
        const key = limitKey(new Request("http://action/", { headers: requestHeaders }), principal);
        await consumeLimit(options.limit ?? "write", key);
        if (options.input) refuseUnstorableFormData(options.input);
      } catch (error) {
        if (error instanceof AppError) return refuse(error);
        if (isDatabaseUnavailable(error)) return unavailable(error, refuse, actionLog);
        throw error;
      }
      try {
        // A form that sent an idempotency key is run once per key: a resubmission answers the first.
        return await idempotentAction(
          principal,
          requestHeaders.get("next-action") ?? "action",
          options.input,
          () => work(admitted),
          refuse,
        );
      } catch (error) {
        if (error instanceof AppError) return refuse(error);
        if (isDatabaseUnavailable(error)) return unavailable(error, refuse, actionLog);
        // Next.js signals redirects and not-found by throwing: those pass through untouched.
        if (error instanceof Error && "digest" in error) {
          outcome.status = String(error.digest).startsWith("NEXT_REDIRECT") ? 303 : 404;
          throw error;
        }
        actionLog.error({ err: safeError(error) }, "server action failed");
        throw error;
      }
    },
  );
}

function unavailable<S>(error: unknown, refused: (error: AppError) => S, actionLog: typeof log): S {
  actionLog.error({ err: safeError(error) }, "database unavailable");
  return refused(databaseUnavailable());
}
