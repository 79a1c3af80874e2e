import { describe, expect, it } from "vitest";
import type { CustomerPrincipal, StaffPrincipal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { authenticationError, authorize } from "./access";
import { RestError } from "./errors";

const staff = (roles: StaffPrincipal["roles"]): StaffPrincipal => ({
  kind: "staff",
  subject: "staff-1",
  username: "staff",
  roles,
  via: "bearer",
});

const impersonating: CustomerPrincipal = {
  kind: "customer",
  subject: "customer-1",
  username: "alice",
  customerId: "c-1",
  roles: ["customer"],
  via: "session",
  impersonation: {
    id: "imp-1",
    staffSubject: "staff-1",
    staffUsername: "jsmith",
    reason: "Customer called about a bill",
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
    customerName: "John Smith",
    staffRoles: ["csr"],
  },
};

function refusal(fn: () => unknown): RestError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RestError);
    return error as RestError;
  }
  throw new Error("expected a refusal");
}

describe("admin API access", () => {
  it("lets every staff role read and only admins write", () => {
    for (const role of ["csr", "supervisor", "readonly", "admin"] as const) {
      expect(authorize(staff([role]), "GET", "customers").roles).toEqual([role]);
      expect(authorize(staff([role]), "HEAD", "customers").kind).toBe("staff");
    }
    for (const method of ["POST", "PATCH", "DELETE"]) {
      expect(authorize(staff(["admin"]), method, "customers").kind).toBe("staff");
      for (const role of ["csr", "supervisor", "readonly"] as const) {
        expect(refusal(() => authorize(staff([role]), method, "customers")).toJSON()).toEqual({
          code: "42501",
          message: "permission denied for table customers",
          details: null,
          hint: null,
        });
      }
    }
  });

  it("refuses staff without a staff role", () => {
    expect(refusal(() => authorize(staff([]), "GET", "customers")).status).toBe(403);
  });

  it("gives customers, impersonated or not, nothing to read", () => {
    expect(refusal(() => authorize(impersonating, "GET", "customers")).code).toBe("42501");
    const { impersonation: _, ...customer } = impersonating;
    expect(refusal(() => authorize(customer, "GET", null)).message).toBe(
      "permission denied for schema public",
    );
  });

  it("words authentication failures as PostgREST does", () => {
    expect(authenticationError(new AppError("unauthenticated")).toJSON()).toMatchObject({
      code: "PGRST302",
      message: "Anonymous access is disabled",
    });
    const expired = authenticationError(
      new AppError("invalid_token", "The access token has expired."),
    );
    expect(expired.status).toBe(401);
    expect(expired.code).toBe("PGRST301");
    expect(expired.headers["www-authenticate"]).toContain('error="invalid_token"');
  });
});
