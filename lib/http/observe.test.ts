import { describe, expect, it } from "vitest";
import { requestIdOf, routePattern } from "./observe";

describe("routePattern", () => {
  const id = "8f0c2b1e-5d3a-4c8e-9a7b-1f2e3d4c5b6a";

  it("names each matched segment by its param", () => {
    expect(routePattern(`/api/accounts/${id}/bills`, { accountId: id })).toBe(
      "/api/accounts/[accountId]/bills",
    );
    expect(routePattern("/api/rest/customers", { table: "customers" })).toBe("/api/rest/[table]");
  });

  it("names a catch-all by its spread param", () => {
    expect(
      routePattern("/api/auth/callback/keycloak", { nextauth: ["callback", "keycloak"] }),
    ).toBe("/api/auth/[...nextauth]");
  });

  it("matches encoded segments by their decoded value", () => {
    expect(routePattern("/invite/a%20b", { token: "a b" })).toBe("/invite/[token]");
  });

  it("keeps a path without params as it is", () => {
    expect(routePattern("/api/health")).toBe("/api/health");
  });
});

describe("requestIdOf", () => {
  it("keeps a caller's plain id and replaces anything else", () => {
    expect(requestIdOf(new Headers({ "x-request-id": "lb-4f2a:1" }))).toBe("lb-4f2a:1");
    const replaced = requestIdOf(new Headers({ "x-request-id": "<script> id" }));
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(new Headers())).toMatch(/^[0-9a-f-]{36}$/);
  });
});
