import { describe, expect, it } from "vitest";
import { GET as getCustomer } from "@/app/api/customer/route";
import { callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

describe("GET /api/customer", () => {
  it("returns John Smith as an individual customer with his account", async () => {
    const result = await callRoute(getCustomer, "/api/customer", {
      token: await accessToken("alice"),
    });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      customerId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: "individual",
      firstName: "John",
      lastName: "Smith",
      email: "john.smith@example.com",
      phone: "+19725550142",
      status: "live",
      createdAt: "2020-03-15T00:00:00.000Z",
      accounts: [
        {
          accountId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          accountNumber: "1234567890",
          nickname: null,
          status: "active",
          role: "occupier",
        },
      ],
    });
    expect(result.body).not.toHaveProperty("businessName");
  });

  it("returns Acme Corporation as a business customer with its named accounts", async () => {
    const result = await callRoute(getCustomer, "/api/customer", {
      token: await accessToken("bob"),
    });
    expect(result.status).toBe(200);
    expect(result.body.type).toBe("business");
    expect(result.body.businessName).toBe("Acme Corporation");
    expect(result.body).not.toHaveProperty("firstName");
    expect(
      result.body.accounts.map((a: { accountNumber: string; nickname: string }) => [
        a.accountNumber,
        a.nickname,
      ]),
    ).toEqual([
      ["5555555555", "Warehouse District"],
      ["7777777777", "Retail Stores"],
      ["9876543210", "Headquarters"],
    ]);
  });

  it("shows a managing agent only the accounts they are linked to", async () => {
    const result = await callRoute(getCustomer, "/api/customer", {
      token: await accessToken("carol"),
    });
    expect(result.status).toBe(200);
    expect(
      result.body.accounts.map((a: { accountNumber: string; role: string }) => [
        a.accountNumber,
        a.role,
      ]),
    ).toEqual([
      ["5555555555", "agent"],
      ["9876543210", "agent"],
    ]);
  });

  it("reads everything in one SQL statement", async () => {
    const result = await callRoute(getCustomer, "/api/customer", {
      token: await accessToken("bob"),
    });
    expect(result.status).toBe(200);
    expect(result.statements).toHaveLength(1);
  });
});
