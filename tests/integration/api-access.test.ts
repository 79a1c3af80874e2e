import { describe, expect, it } from "vitest";
import { GET as getBills } from "@/app/api/accounts/[accountId]/bills/route";
import { GET as getPayments } from "@/app/api/accounts/[accountId]/payments/route";
import { GET as getPremises } from "@/app/api/accounts/[accountId]/premises/route";
import { GET as getAccount, PUT as putAccount } from "@/app/api/accounts/[accountId]/route";
import { GET as getAccountSummary } from "@/app/api/accounts/[accountId]/summary/route";
import { GET as getAccounts } from "@/app/api/accounts/route";
import { GET as getMeter } from "@/app/api/meters/[meterId]/route";
import { GET as getMeters } from "@/app/api/premises/[premiseId]/meters/route";
import { GET as getPremise, PUT as putPremise } from "@/app/api/premises/[premiseId]/route";
import { POST as setPrimary } from "@/app/api/premises/[premiseId]/set-primary/route";
import { demo, FOREIGN_UUID } from "./support/demo";
import { callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

type Handler = Parameters<typeof callRoute>[0];

async function status(
  user: string,
  handler: Handler,
  params: Record<string, string>,
  method = "GET",
  body?: unknown,
) {
  const result = await callRoute(handler, "/api/x", {
    token: await accessToken(user),
    params,
    method,
    body,
  });
  return result;
}

describe("a managing agent (carol)", () => {
  it("sees the two Acme accounts she manages, with balances and usage", async () => {
    const result = await callRoute(getAccounts, "/api/accounts", {
      token: await accessToken("carol"),
    });
    expect(result.body.accounts.map((a: { accountNumber: string }) => a.accountNumber)).toEqual([
      "5555555555",
      "9876543210",
    ]);
    for (const account of result.body.accounts) {
      expect(account.capabilities).toEqual(["view", "billing", "usage", "manage"]);
      expect(account.currentBalance).toEqual(expect.any(Number));
      expect(account.usageByType.electric.unit).toBe("kWh");
    }
  });

  it("may rename a managed account and set its primary premise", async () => {
    const rename = await status(
      "carol",
      putAccount,
      { accountId: demo.accounts.headquarters },
      "PUT",
      { nickname: "HQ" },
    );
    expect(rename.status).toBe(200);
    expect(rename.body.nickname).toBe("HQ");
    const primary = await status("carol", setPrimary, { premiseId: demo.premises.hqAnnex }, "POST");
    expect(primary.status).toBe(200);
    expect(primary.body.isPrimary).toBe(true);
  });

  it("cannot see Acme's retail account, which she does not manage", async () => {
    expect((await status("carol", getAccount, { accountId: demo.accounts.retail })).status).toBe(
      404,
    );
    expect(
      (await status("carol", getPremise, { premiseId: demo.premises.retailPlano })).status,
    ).toBe(404);
    expect((await status("carol", getMeter, { meterId: demo.meters.retailElectric })).status).toBe(
      404,
    );
  });
});

describe("a billing contact (dana)", () => {
  const accountId = demo.accounts.retail;

  it("sees the account, its premises, meters, balance, bills and payments", async () => {
    const account = await status("dana", getAccount, { accountId });
    expect(account.status).toBe(200);
    expect(account.body.capabilities).toEqual(["view", "billing"]);
    expect(account.body.currentBalance).toEqual(expect.any(Number));
    expect((await status("dana", getPremises, { accountId })).status).toBe(200);
    expect((await status("dana", getBills, { accountId })).status).toBe(200);
    expect((await status("dana", getPayments, { accountId })).status).toBe(200);
    const meter = await status("dana", getMeter, { meterId: demo.meters.retailElectric });
    expect(meter.status).toBe(200);
  });

  it("sees no readings or usage", async () => {
    const meter = await status("dana", getMeter, { meterId: demo.meters.retailElectric });
    expect(meter.body).toMatchObject({ lastReading: null, lastReadingDate: null });
    const summary = await status("dana", getAccountSummary, { accountId });
    expect(summary.body.usageByType).toBeNull();
  });

  it("cannot rename the account or change its premises (403: she can see them)", async () => {
    const rename = await status("dana", putAccount, { accountId }, "PUT", { nickname: "Shops" });
    expect(rename.status).toBe(403);
    expect(rename.body.code).toBe("forbidden");
    expect(
      (await status("dana", setPrimary, { premiseId: demo.premises.retailPlano }, "POST")).status,
    ).toBe(403);
  });
});

describe("a landlord (lena)", () => {
  const accountId = demo.accounts.tomEvans;

  it("sees the account, premises and meters, but no money and no usage", async () => {
    const account = await status("lena", getAccount, { accountId });
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({
      role: "landlord",
      capabilities: ["view"],
      currentBalance: null,
      lastPaymentAmount: null,
    });
    expect(
      (await status("lena", getPremise, { premiseId: demo.premises.railtonRoad })).status,
    ).toBe(200);
    expect(
      (await status("lena", getMeters, { premiseId: demo.premises.railtonRoad })).body.meters[0]
        .lastReading,
    ).toBeNull();
  });

  it("gets 404 for the bills and payments of the account", async () => {
    expect((await status("lena", getBills, { accountId })).status).toBe(404);
    expect((await status("lena", getPayments, { accountId })).status).toBe(404);
  });

  it("cannot rename the account", async () => {
    expect(
      (await status("lena", putAccount, { accountId }, "PUT", { nickname: "Flat" })).status,
    ).toBe(403);
  });
});

describe("other customers' resources and malformed ids", () => {
  const cases: [string, Handler, Record<string, string>][] = [
    ["account", getAccount, { accountId: demo.accounts.johnSmith }],
    ["account summary", getAccountSummary, { accountId: demo.accounts.johnSmith }],
    ["premises of an account", getPremises, { accountId: demo.accounts.johnSmith }],
    ["bills", getBills, { accountId: demo.accounts.johnSmith }],
    ["payments", getPayments, { accountId: demo.accounts.johnSmith }],
    ["premise", getPremise, { premiseId: demo.premises.mainStreet }],
    ["meters of a premise", getMeters, { premiseId: demo.premises.mainStreet }],
    ["meter", getMeter, { meterId: demo.meters.johnSmith }],
  ];

  for (const [what, handler, params] of cases) {
    it(`bob gets 404 for John Smith's ${what}, as for ids that do not exist or are malformed`, async () => {
      const foreign = await status("bob", handler, params);
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe("not_found");
      const key = Object.keys(params)[0] as string;
      for (const id of [FOREIGN_UUID, "not-a-uuid", "1234567890", "' OR 1=1 --", ""]) {
        const result = await status("bob", handler, { [key]: id });
        expect(result.status, `${what} ${id}`).toBe(404);
      }
    });
  }

  it("bob cannot write to John Smith's account or premise either", async () => {
    expect(
      (
        await status("bob", putAccount, { accountId: demo.accounts.johnSmith }, "PUT", {
          nickname: "x",
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await status("bob", putPremise, { premiseId: demo.premises.mainStreet }, "PUT", {
          unit: "2",
        })
      ).status,
    ).toBe(404);
    expect(
      (await status("bob", setPrimary, { premiseId: demo.premises.mainStreet }, "POST")).status,
    ).toBe(404);
  });
});
