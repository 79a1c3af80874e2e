import type { Principal, StaffPrincipal } from "@/lib/auth/principal";
import type { AppError } from "@/lib/errors";
import { isWrite } from "@/lib/http/methods";
import { permissionDenied, RestError } from "./errors";

/** Support staff read; only admins write. Customers get nothing from the admin API. */
const READERS = ["csr", "supervisor", "readonly", "admin"] as const;
const WRITERS = ["admin"] as const;

/**
 * Who may do what, decided before the table is looked up (the pipeline has already refused
 * writes from a read-only view), so customers cannot probe which
 * tables exist. `table` names the table in a staff member's 403, when it is one we expose.
 */
export function authorize(
  principal: Principal,
  method: string,
  table: string | null,
): StaffPrincipal {
  if (principal.kind !== "staff") {
    throw new RestError(403, "42501", "permission denied for schema public", {
      hint: "The admin API serves support staff and admins.",
    });
  }
  const allowed = isWrite(method) ? WRITERS : READERS;
  if (!principal.roles.some((role) => (allowed as readonly string[]).includes(role))) {
    throw table ? permissionDenied(table) : new RestError(403, "42501", "permission denied");
  }
  return principal;
}

/** Authentication failures in PostgREST's words: PGRST302 without credentials, PGRST301 for a bad token. */
export function authenticationError(error: AppError): RestError {
  const headers = { "www-authenticate": 'Bearer realm="portal"' };
  if (error.code === "unauthenticated") {
    return new RestError(401, "PGRST302", "Anonymous access is disabled", {
      hint: "Send `Authorization: Bearer <access token>` or sign in.",
      headers,
    });
  }
  if (error.code === "invalid_token") {
    return new RestError(401, "PGRST301", error.message, {
      headers: { "www-authenticate": 'Bearer realm="portal", error="invalid_token"' },
    });
  }
  return new RestError(error.status, error.code, error.message);
}
