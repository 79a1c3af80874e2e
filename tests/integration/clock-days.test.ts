import { describe, expect, it } from "vitest";
import { GET as getBills } from "@/app/api/accounts/[accountId]/bills/route";
import { GET as getAccount } from "@/app/api/accounts/[accountId]/route";
import { GET as getAccounts } from "@/app/api/accounts/route";
import { GET as getSummary } from "@/app/api/customer/summary/route";
import { GET as getReadings } from "@/app/api/meters/[meterId]/readings/route";
import { followClock, getDb } from "@/db/client";
import { seed } from "@/db/seed";
import { addDays, addMonths, localDateOf } from "@/lib/calendar";
import { parseClockSetting, todayIn } from "@/lib/clock";
import { awkwardDays } from "../support/clock-days";
import { cents, ledgerOf, localMidnight, rawConsumption } from "./support/ledger";
import { callRoute } from "./support/routes";
import { passwordGrant } from "./support/tokens";

/**
 * The portal walked through the days where calendars are awkward, with the clock pinned to each
 * in turn and the meter and billing data delivered up to it, as they would arrive in production.
 * On every day the dashboard's figures, the bills and the usage must add up and agree.
 */
const days = awkwardDays;

/** Customers with every kind of role: occupiers in both ESCOs, an agent, a billing contact, a landlord. */
const users = ["alice", "bob", "priya", "tom", "carol", "dana", "lena"];

async function api(
  handler: Parameters<typeof callRoute>[0],
  path: string,
  token: string,
  params = {},
) {
  const result = await callRoute(handler, path, { token, params });
  expect(result.status, `${path}: ${result.text}`).toBe(200);
  return result.body;
}

async function allBills(accountId: string, token: string) {
  const bills: any[] = [];
  let path: string | null = `/api/accounts/${accountId}/bills?limit=50`;
  while (path) {
    const page = await api(getBills, path, token, { accountId });
    bills.push(...page.bills);
    path = page.next;
  }
  return bills;
}

/** The bill for this month's period is issued on the 3rd of the next month. */
function latestBilledPeriod(today: string): string {
  return addMonths(`${addDays(today, -2).slice(0, 7)}-01`, -1);
}

async function checkMoney(user: string, token: string) {
  const summary = await api(getSummary, "/api/customer/summary", token);
  const { accounts } = await api(getAccounts, "/api/accounts", token);
  const billing = accounts.filter((a: any) => a.capabilities.includes("billing"));

  for (const account of billing) {
    const today = todayIn(account.timezone);
    const ledger = await ledgerOf(account.accountId, today);
    const where = `${user}, account ${account.accountNumber} on ${today}`;
    expect(cents(account.currentBalance), where).toBe(ledger.balance);
    expect(cents(account.overdueAmount), where).toBe(ledger.overdue);
    expect(cents(account.totalDueAmount), where).toBe(Math.max(ledger.balance, 0));
    expect(account.nextDueDate, where).toBe(ledger.nextDueDate);
    // Something still to pay that is not overdue has a date to pay it by, and it is not past.
    if (cents(account.totalDueAmount) > cents(account.overdueAmount))
      expect(account.nextDueDate, where).not.toBeNull();
    if (account.nextDueDate) expect(account.nextDueDate >= today, where).toBe(true);

    const bills = await allBills(account.accountId, token);
    expect(bills.map((b) => b.billId).sort(), where).toEqual(ledger.bills.map((b) => b.id).sort());
    for (const bill of bills) {
      expect(bill.issueDate <= today, `${where}: ${bill.billNumber}`).toBe(true);
      expect(bill.overdue, `${where}: ${bill.billNumber}`).toBe(
        ledger.overdueBills.has(bill.billId),
      );
      expect(bill.amount, `${where}: ${bill.billNumber}`).toBeGreaterThan(0);
    }
    expect(bills[0]?.periodStart, where).toBe(latestBilledPeriod(today));
  }

  // The customer's totals are their accounts' totals, currency by currency.
  const currencies = [...new Set(billing.map((a: any) => a.currency))];
  expect(summary.byCurrency.map((c: any) => c.currency).sort()).toEqual(currencies.sort());
  for (const totals of summary.byCurrency) {
    const mine = billing.filter((a: any) => a.currency === totals.currency);
    const sum = (field: string) => mine.reduce((n: number, a: any) => n + cents(a[field]), 0);
    expect(cents(totals.totalCurrentBalance), user).toBe(sum("currentBalance"));
    expect(cents(totals.totalDueAmount), user).toBe(sum("totalDueAmount"));
    expect(cents(totals.overdueAmount), user).toBe(sum("overdueAmount"));
    const dates = mine
      .map((a: any) => a.nextDueDate)
      .filter(Boolean)
      .sort();
    expect(totals.nextDueDate, user).toBe(dates[0] ?? null);
  }
  return { summary, accounts };
}

async function checkUsage(user: string, token: string, summary: any, accounts: any[]) {
  const today = todayIn("UTC");
  // Thirty whole days before today: today's reads are still arriving.
  expect(summary.window).toMatchObject({ from: addDays(today, -30), to: today });
  expect(summary.previous).toMatchObject({ from: addDays(today, -60), to: addDays(today, -30) });

  const usageAccounts = accounts.filter((a: any) => a.capabilities.includes("usage"));
  const byType: Record<string, number> = {};
  for (const account of usageAccounts) {
    const detail = await api(getAccount, `/api/accounts/${account.accountId}`, token, {
      accountId: account.accountId,
    });
    for (const meter of detail.premises.flatMap((p: any) => p.meters)) {
      const { from, to } = summary.window;
      const page = await api(
        getReadings,
        `/api/meters/${meter.meterId}/readings?from=${from}&to=${to}&groupBy=day`,
        token,
        { meterId: meter.meterId },
      );
      const buckets = page.buckets.reduce((n: number, b: any) => n + (b.consumption ?? 0), 0);
      const raw = await rawConsumption(meter.meterId, page.from, page.to);
      // Day buckets add up to the window, and the window to the raw reads.
      expect(buckets, `${user}: ${meter.meterNumber}`).toBeCloseTo(raw, 2);
      if (meter.isSmart) {
        // The window ends where the delivered reads end: no part-day at its edge.
        expect(page.to, `${user}: ${meter.meterNumber}`).toBe(
          await localMidnight(todayIn(page.timezone), page.timezone),
        );
        // Nothing is delivered from after the clock. (A meter's last day can be a gap.)
        expect(Date.parse(page.dataAvailableUntil)).toBeLessThanOrEqual(Date.parse(page.to));
      }
      byType[meter.type] = (byType[meter.type] ?? 0) + raw;
    }
  }
  if (usageAccounts.length) expect(Object.values(byType).some((total) => total > 0)).toBe(true);
  for (const [type, total] of Object.entries(byType)) {
    expect(summary.usageByType[type]?.usage, `${user}: ${type}`).toBeCloseTo(total, 2);
    const listed = usageAccounts.reduce(
      (n: number, a: any) => n + (a.usageByType?.[type]?.usage ?? 0),
      0,
    );
    expect(listed, `${user}: ${type} by account`).toBeCloseTo(total, 2);
  }
  expect(Object.keys(summary.usageByType).sort()).toEqual(Object.keys(byType).sort());
}

/** A DST day, the day after: its hours and reads, bucket by bucket, add up to the day. */
async function checkDstDay(
  dst: { zone: string; day: string; hours: number },
  token: string,
  meterId: string,
) {
  const next = addDays(dst.day, 1);
  const query = `from=${dst.day}&to=${next}`;
  const hours = await api(
    getReadings,
    `/api/meters/${meterId}/readings?${query}&groupBy=hour`,
    token,
    {
      meterId,
    },
  );
  const day = await api(
    getReadings,
    `/api/meters/${meterId}/readings?${query}&groupBy=day`,
    token,
    {
      meterId,
    },
  );
  expect(hours.timezone).toBe(dst.zone);
  expect(hours.buckets).toHaveLength(dst.hours);
  expect(hours.buckets.reduce((n: number, b: any) => n + b.expectedReads, 0)).toBe(dst.hours * 2);
  expect(day.buckets).toHaveLength(1);
  expect(day.buckets[0]).toMatchObject({ label: dst.day, expectedReads: dst.hours * 2 });
  const sum = hours.buckets.reduce((n: number, b: any) => n + (b.consumption ?? 0), 0);
  expect(day.buckets[0].consumption).toBeCloseTo(sum, 2);
  expect(sum).toBeCloseTo(await rawConsumption(meterId, day.from, day.to), 2);
}

describe("the portal on awkward days", () => {
  it("keeps the dashboard, bills and usage consistent as the clock walks through them", async () => {
    for (const day of days) {
      process.env.PORTAL_NOW = day.at;
      await followClock();
      // The meter and billing services deliver everything up to the clock.
      await seed(getDb(), { now: parseClockSetting(day.at) });
      expect(todayIn("UTC")).toBe(day.at.slice(0, 10));

      for (const user of users) {
        const { access_token: token } = await passwordGrant(user);
        const { summary, accounts } = await checkMoney(user, token);
        await checkUsage(user, token, summary, accounts);
      }

      if (day.dst) {
        const user = day.dst.zone === "Europe/London" ? "priya" : "alice";
        const { access_token: token } = await passwordGrant(user);
        const { accounts } = await api(getAccounts, "/api/accounts", token);
        const detail = await api(getAccount, `/api/accounts/${accounts[0].accountId}`, token, {
          accountId: accounts[0].accountId,
        });
        const smart = detail.premises.flatMap((p: any) => p.meters).find((m: any) => m.isSmart);
        await checkDstDay(day.dst, token, smart.meterId);
      }
    }
  }, 600_000);

  it("names the days as their ESCO sees them at one instant", () => {
    // Three in the morning in London on New Year's Day is still New Year's Eve in Chicago.
    process.env.PORTAL_NOW = "2027-01-01T03:00:00Z";
    expect(todayIn("Europe/London")).toBe("2027-01-01");
    expect(todayIn("America/Chicago")).toBe("2026-12-31");
    expect(localDateOf(parseClockSetting("2028-02-29"), "Pacific/Auckland")).toBe("2028-03-01");
  });
});
