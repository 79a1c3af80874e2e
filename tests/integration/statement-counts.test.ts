import { describe, expect, it } from "vitest";
import { GET as getBills } from "@/app/api/accounts/[accountId]/bills/route";
import { GET as getPayments } from "@/app/api/accounts/[accountId]/payments/route";
import { GET as getPremises } from "@/app/api/accounts/[accountId]/premises/route";
import { GET as getAccount } from "@/app/api/accounts/[accountId]/route";
import { GET as getAccountSummary } from "@/app/api/accounts/[accountId]/summary/route";
import { GET as getAccounts } from "@/app/api/accounts/route";
import { GET as getCustomer } from "@/app/api/customer/route";
import { GET as getSummary } from "@/app/api/customer/summary/route";
import { GET as getMeter } from "@/app/api/meters/[meterId]/route";
import {
  GET as getNotifications,
  PUT as putNotifications,
} from "@/app/api/preferences/notifications/route";
import { GET as getPreferences } from "@/app/api/preferences/route";
import { GET as getMeters } from "@/app/api/premises/[premiseId]/meters/route";
import { GET as getPremise } from "@/app/api/premises/[premiseId]/route";
import { demo } from "./support/demo";
import { callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

// Acme has the most accounts, premises and meters: an N+1 would show up as more statements.
const reads: [string, Parameters<typeof callRoute>[0], Record<string, string>][] = [
  ["GET /api/customer", getCustomer, {}],
  ["GET /api/customer/summary", getSummary, {}],
  ["GET /api/accounts", getAccounts, {}],
  ["GET /api/accounts/{id}", getAccount, { accountId: demo.accounts.headquarters }],
  ["GET /api/accounts/{id}/summary", getAccountSummary, { accountId: demo.accounts.headquarters }],
  ["GET /api/accounts/{id}/premises", getPremises, { accountId: demo.accounts.headquarters }],
  ["GET /api/accounts/{id}/bills", getBills, { accountId: demo.accounts.headquarters }],
  ["GET /api/accounts/{id}/payments", getPayments, { accountId: demo.accounts.headquarters }],
  ["GET /api/premises/{id}", getPremise, { premiseId: demo.premises.hqTower }],
  ["GET /api/premises/{id}/meters", getMeters, { premiseId: demo.premises.hqTower }],
  ["GET /api/meters/{id}", getMeter, { meterId: demo.meters.hqElectric }],
  ["GET /api/preferences", getPreferences, {}],
  ["GET /api/preferences/notifications", getNotifications, {}],
];

describe("every read endpoint sends exactly one SQL statement", () => {
  for (const [name, handler, params] of reads) {
    it(name, async () => {
      const result = await callRoute(handler, "/api/x", {
        token: await accessToken("bob"),
        params,
      });
      expect(result.status).toBe(200);
      expect(result.statements).toHaveLength(1);
    });
  }
});

describe("saving notification settings", () => {
  it("locks no customer row, upserts last, and reads nothing after the write", async () => {
    const result = await callRoute(putNotifications, "/api/x", {
      method: "PUT",
      token: await accessToken("bob"),
      body: { outageAlerts: false },
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ outageAlerts: false });
    const sent = result.statements.map((s) => s.replace(/\s+/g, " ").trim());
    expect(sent.join("\n")).not.toMatch(/FOR (NO KEY )?UPDATE/i);
    expect(sent.at(-1)).toMatch(/^insert into preferences as pr .* returning /i);
  });
});
