import { and, eq, ne, type SQL, sql } from "drizzle-orm";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";
import { decryptPii } from "@/lib/pii";
import type { CustomerProfile, CustomerSummary } from "@/lib/schemas/types";
import { type UsageWindow, windowJson } from "@/lib/usage-window";
import { type Database, getDb, getReadDb, queryRows } from "../client";
import { customers } from "../schema";
import type { CustomerStatus } from "../schema/customers";
import { accountBalance, accountEsco, roleGrants, usageByTypeRows } from "./account-sql";
import { accountLinks, isPrincipalCustomer } from "./scope";
import { isoDate, money } from "./sql-format";

export async function findCustomerIdBySubject(subject: string): Promise<string | null> {
  const row = await getDb().query.customers.findFirst({
    columns: { id: true },
    where: and(eq(customers.authSubject, subject), ne(customers.status, "closed")),
  });
  return row?.id ?? null;
}

/**
 * The status of the principal's customer, closed ones included (the status gates refuse them),
 * by id for sessions and views, by subject for bearer tokens. Null without a customer yet.
 */
export async function findCustomerStatus(
  principal: Pick<CustomerPrincipal, "customerId" | "subject">,
): Promise<CustomerStatus | null> {
  // Plain statements: this runs on every bearer request, where building a query costs.
  const [row] = await queryRows<{ status: CustomerStatus }>(
    getDb(),
    principal.customerId
      ? sql`SELECT status FROM customers WHERE id = ${principal.customerId}::uuid`
      : sql`SELECT status FROM customers WHERE auth_subject = ${principal.subject}`,
  );
  return row?.status ?? null;
}

/**
 * The profile query, built and prepared once per database handle instead of on every request
 * (building Drizzle's nested query was a seventh of a profile request's time): one statement for
 * sessions, which know the customer id, one for bearer tokens, which carry the subject.
 */
function profileQueries(db: Database) {
  const build = (where: SQL | undefined, name: string) =>
    db.query.customers
      .findFirst({
        where,
        with: {
          accountLinks: {
            columns: { role: true },
            with: {
              account: { columns: { id: true, accountNumber: true, nickname: true, status: true } },
            },
          },
        },
      })
      .prepare(name);
  const notClosed = ne(customers.status, "closed");
  return {
    byId: build(and(eq(customers.id, sql.placeholder("key")), notClosed), "customer_profile_by_id"),
    bySubject: build(
      and(eq(customers.authSubject, sql.placeholder("key")), notClosed),
      "customer_profile_by_subject",
    ),
  };
}

const preparedProfiles = new WeakMap<Database, ReturnType<typeof profileQueries>>();

/** GET /api/customer: the profile and linked accounts, in one statement. */
export async function getCustomerProfile({
  principal,
}: {
  principal: CustomerPrincipal;
}): Promise<CustomerProfile | null> {
  const db = getDb();
  let queries = preparedProfiles.get(db);
  if (!queries) {
    queries = profileQueries(db);
    preparedProfiles.set(db, queries);
  }
  const row = principal.customerId
    ? await queries.byId.execute({ key: principal.customerId })
    : await queries.bySubject.execute({ key: principal.subject });
  if (!row) return null;
  const names =
    row.type === "business"
      ? { businessName: row.businessName }
      : { firstName: row.firstName, lastName: row.lastName };
  return {
    customerId: row.id,
    type: row.type,
    ...names,
    email: decryptPii("email", row.email),
    phone: decryptPii("phone", row.phone),
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    accounts: row.accountLinks
      .map((link) => ({
        accountId: link.account.id,
        accountNumber: link.account.accountNumber,
        nickname: link.account.nickname,
        status: link.account.status,
        role: link.role,
      }))
      .sort((a, b) => a.accountNumber.localeCompare(b.accountNumber)),
  };
}

interface CurrencyTotals {
  currency: string;
  totalCurrentBalance: number;
  totalDueAmount: number;
  overdueAmount: number;
  nextDueDate: string | null;
}

/**
 * GET /api/customer/summary: counts, money and usage across every account the principal may
 * see, in one statement. Money is totalled per currency; the documented top-level totals are
 * filled when all accounts share one currency.
 */
export async function getCustomerSummary({
  principal,
  window,
}: {
  principal: CustomerPrincipal;
  window: UsageWindow;
}) {
  const [row] = await queryRows<{
    body: {
      exists: boolean;
      totalAccounts: number;
      totalPremises: number;
      totalMeters: number;
      byCurrency: CurrencyTotals[];
      usageByType: CustomerSummary["usageByType"];
      previousUsageByType: CustomerSummary["usageByType"];
    };
  }>(
    getReadDb(),
    sql`WITH links AS (${accountLinks(principal, "view")}),
      accts AS (
        SELECT a.id, l.role, esco.currency, esco.minor, bal.balance, bal.not_yet_due, bal.next_due_date
        FROM links l JOIN accounts a ON a.id = l.account_id
        ${accountEsco}
        ${accountBalance}
        WHERE ${roleGrants(sql`l.role`, "billing")}
      ),
      money AS (
        SELECT currency, max(minor) AS minor, sum(balance) AS balance,
               sum(greatest(balance, 0)) AS due,
               sum(greatest(balance - not_yet_due, 0)) AS overdue,
               min(next_due_date) AS next_due_date
        FROM accts WHERE currency IS NOT NULL GROUP BY currency
      ),
      usage AS (${usageByTypeRows(sql`SELECT account_id FROM links WHERE ${roleGrants(sql`role`, "usage")}`, window)})
      SELECT json_build_object(
        'exists', EXISTS (SELECT 1 FROM customers c WHERE ${isPrincipalCustomer(principal)}),
        'totalAccounts', (SELECT count(*) FROM links),
        'totalPremises', (SELECT count(*) FROM premises p WHERE p.account_id IN (SELECT account_id FROM links)),
        'totalMeters', (SELECT count(*) FROM meters m JOIN premises p ON p.id = m.premise_id
                        WHERE p.account_id IN (SELECT account_id FROM links)),
        'byCurrency', (SELECT coalesce(json_agg(json_build_object(
            'currency', currency,
            'totalCurrentBalance', ${money(sql`balance`, sql`minor`)},
            'totalDueAmount', ${money(sql`due`, sql`minor`)},
            'overdueAmount', ${money(sql`overdue`, sql`minor`)},
            'nextDueDate', ${isoDate(sql`next_due_date`)}
          ) ORDER BY currency), '[]'::json) FROM money),
        'usageByType', (SELECT coalesce(json_object_agg(type, json_build_object('usage', current, 'unit', unit) ORDER BY type), '{}'::json) FROM usage),
        'previousUsageByType', (SELECT coalesce(json_object_agg(type, json_build_object('usage', previous, 'unit', unit) ORDER BY type), '{}'::json) FROM usage)
      ) AS body`,
  );
  const body = row?.body;
  if (!body?.exists) throw notFound("customer");
  const single = body.byCurrency.length === 1 ? body.byCurrency[0] : undefined;
  const summary: CustomerSummary = {
    totalAccounts: body.totalAccounts,
    totalPremises: body.totalPremises,
    totalMeters: body.totalMeters,
    currency: single?.currency ?? null,
    totalCurrentBalance: single?.totalCurrentBalance ?? null,
    totalDueAmount: single?.totalDueAmount ?? null,
    overdueAmount: single?.overdueAmount ?? null,
    nextDueDate: single ? single.nextDueDate : null,
    byCurrency: body.byCurrency,
    window: windowJson(window),
    usageByType: body.usageByType,
    previous: { ...windowJson(window).previous, usageByType: body.previousUsageByType },
  };
  return summary;
}
