import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as getBills } from "@/app/api/accounts/[accountId]/bills/route";
import { GET as getAccount } from "@/app/api/accounts/[accountId]/route";
import { getDb, queryRows } from "@/db/client";
import { demo } from "./support/demo";
import { ndjson, sendFeed } from "./support/feeds";
import { callRoute } from "./support/routes";
import { accessToken, serviceToken } from "./support/tokens";

const account = demo.accounts.johnSmith;
const bill = {
  billId: "B-2026-11-1234567890",
  accountNumber: "1234567890",
  periodStart: "2026-11-01",
  periodEnd: "2026-11-14",
  issueDate: "2026-11-15",
  dueDate: "2026-12-06",
  amount: 98.12,
};

async function balance(): Promise<number> {
  const result = await callRoute(getAccount, `/api/accounts/${account}`, {
    token: await accessToken("alice"),
    params: { accountId: account },
  });
  expect(result.status).toBe(200);
  return result.body.currentBalance;
}

async function events(type: string, aggregateId: string) {
  return queryRows<{ payload: any }>(
    getDb(),
    sql`SELECT payload FROM outbox WHERE event_type = ${type} AND aggregate_id = ${aggregateId}::uuid`,
  );
}

describe("POST /api/ingest/bills and /payments: who may send", () => {
  it("takes bills and payments from the billing service only", async () => {
    for (const feed of ["bills", "payments"] as const) {
      for (const token of [
        await serviceToken("meter-service"),
        await accessToken("alice"),
        await accessToken("admin", "ossrep-internal"),
      ]) {
        const result = await sendFeed(feed, ndjson([bill]), { token });
        expect(result.status, `${feed}: ${result.text}`).toBe(403);
      }
    }
  });
});

describe("POST /api/ingest/bills", () => {
  it("issues a new bill, announces it in the same transaction, and takes it only once", async () => {
    const before = await balance();
    const result = await sendFeed(
      "bills",
      ndjson([{ ...bill, tax: 4.67, lines: [{ description: "Energy", amount: 93.45 }] }]),
    );
    expect(result.status, result.text).toBe(200);
    expect(result.body).toEqual({
      accepted: 1,
      duplicates: 0,
      replaced: 0,
      rejected: [],
      rejectedCount: 0,
    });
    expect(await balance()).toBeCloseTo(before + 98.12, 2);

    const page = await callRoute(getBills, `/api/accounts/${account}/bills?limit=1`, {
      token: await accessToken("alice"),
      params: { accountId: account },
    });
    const [listed] = page.body.bills;
    expect(listed).toMatchObject({
      billNumber: bill.billId,
      amount: 98.12,
      dueDate: "2026-12-06",
      status: "issued",
      overdue: false,
    });
    const [issued, ...more] = await events("BillIssued", listed.billId);
    expect(more).toEqual([]);
    expect(issued?.payload).toMatchObject({
      type: "BillIssued",
      actor: { type: "system", id: "billing-service" },
      data: { billId: listed.billId, billNumber: bill.billId, accountId: account, currency: "USD" },
    });

    const again = await sendFeed(
      "bills",
      ndjson([{ ...bill, tax: 4.67, lines: [{ description: "Energy", amount: 93.45 }] }]),
    );
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1, rejectedCount: 0 });
    expect(await events("BillIssued", listed.billId)).toHaveLength(1);
  });

  it("updates a bill sent again with its status and amount", async () => {
    await sendFeed(
      "bills",
      ndjson([{ ...bill, billId: "B-UPD-1", periodStart: "2026-12-01", periodEnd: "2026-12-31" }]),
    );
    const before = await balance();
    const updated = await sendFeed(
      "bills",
      ndjson([
        {
          ...bill,
          billId: "B-UPD-1",
          periodStart: "2026-12-01",
          periodEnd: "2026-12-31",
          amount: 90,
          status: "void",
        },
      ]),
    );
    expect(updated.body).toMatchObject({ accepted: 1, replaced: 1, duplicates: 0 });
    // A void bill no longer counts towards the balance.
    expect(await balance()).toBeCloseTo(before - 98.12, 2);
  });

  it("rejects lines it cannot take, each with its code", async () => {
    const result = await sendFeed(
      "bills",
      [
        JSON.stringify({ ...bill, billId: "B-X-1", accountNumber: "0000000000" }),
        JSON.stringify({
          ...bill,
          billId: "B-X-2",
          periodStart: "2027-01-01",
          periodEnd: "2027-01-31",
          currency: "GBP",
        }),
        JSON.stringify({
          ...bill,
          billId: "B-X-3",
          periodStart: "2026-10-01",
          periodEnd: "2026-10-31",
        }),
        JSON.stringify({
          ...bill,
          billId: "B-X-4",
          periodStart: "2027-02-01",
          periodEnd: "2027-02-28",
          amount: "lots",
        }),
        JSON.stringify({
          ...bill,
          billId: "B-X-5",
          periodStart: "2027-03-01",
          periodEnd: "2027-03-31",
          dueDate: "2026-11-01",
        }),
        "[not, json",
      ].join("\n"),
    );
    expect(result.status).toBe(200);
    expect(result.body.accepted).toBe(0);
    expect(result.body.rejected.map((r: any) => [r.line, r.code])).toEqual([
      [1, "unknown_account"],
      [2, "invalid_bill"],
      [3, "invalid_bill"],
      [4, "not_a_number"],
      [5, "invalid_bill"],
      [6, "malformed_line"],
    ]);
  });
});

describe("POST /api/ingest/payments", () => {
  const payment = {
    paymentId: "P-0001",
    accountNumber: "1234567890",
    paidAt: "2026-11-15T10:00:00Z",
    amount: 40.5,
    method: "card",
  };

  it("lowers the balance at once and announces the payment, once", async () => {
    const before = await balance();
    const result = await sendFeed("payments", ndjson([payment]));
    expect(result.body).toEqual({
      accepted: 1,
      duplicates: 0,
      replaced: 0,
      rejected: [],
      rejectedCount: 0,
    });
    expect(await balance()).toBeCloseTo(before - 40.5, 2);
    const [row] = await queryRows<{ id: string }>(
      getDb(),
      sql`SELECT id FROM payments WHERE external_id = 'P-0001'`,
    );
    const received = await events("PaymentReceived", row!.id);
    expect(received).toHaveLength(1);
    expect(received[0]?.payload.data).toMatchObject({ accountId: account, externalId: "P-0001" });

    const again = await sendFeed("payments", ndjson([payment]));
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await balance()).toBeCloseTo(before - 40.5, 2);

    const changed = await sendFeed(
      "payments",
      ndjson([
        { ...payment, amount: 41 },
        { ...payment, paymentId: "P-0002", accountNumber: "42" },
        { ...payment, paymentId: "P-0003", amount: 0 },
      ]),
    );
    expect(changed.body.rejected.map((r: any) => [r.line, r.code])).toEqual([
      [1, "invalid_payment"],
      [2, "unknown_account"],
      [3, "invalid_payment"],
    ]);
  });
});
