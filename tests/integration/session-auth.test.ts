import { beforeAll, describe, expect, it } from "vitest";
import { GET as getCustomer, PUT as putCustomer } from "@/app/api/customer/route";
import { callRoute } from "./support/routes";
import { PORTAL_ORIGIN, signInWithSession } from "./support/session";

describe("the session cookie from a real sign-in", () => {
  let cookie: string;

  beforeAll(async () => {
    cookie = await signInWithSession("alice");
  });

  it("authenticates API calls as the customer who signed in", async () => {
    const result = await callRoute(getCustomer, "/api/customer", { headers: { cookie } });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ firstName: "John", lastName: "Smith" });
    expect(result.statements).toHaveLength(1);
  });

  it("allows writes from the portal's own pages", async () => {
    const result = await callRoute(putCustomer, "/api/customer", {
      method: "PUT",
      headers: { cookie, origin: PORTAL_ORIGIN },
      body: { phone: "+19725550111" },
    });
    expect(result.status).toBe(200);
    expect(result.body.phone).toBe("+19725550111");
  });

  it("refuses writes another site makes with the cookie", async () => {
    const result = await callRoute(putCustomer, "/api/customer", {
      method: "PUT",
      headers: { cookie, origin: "https://attacker.example", "sec-fetch-site": "cross-site" },
      body: { phone: "+19725550122" },
    });
    expect(result.status).toBe(403);
    expect(result.body.code).toBe("forbidden");
  });

  it("answers 401 to a tampered session cookie", async () => {
    const tampered = cookie.replace(/(session-token=)([^;]{10})/, "$1AAAAAAAAAA");
    const result = await callRoute(getCustomer, "/api/customer", { headers: { cookie: tampered } });
    expect(result.status).toBe(401);
  });
});
