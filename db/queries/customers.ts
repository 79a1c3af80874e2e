import { and, eq, ne } from "drizzle-orm";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { getDb } from "../client";
import { customers } from "../schema";

export async function findCustomerIdBySubject(subject: string): Promise<string | null> {
  const row = await getDb().query.customers.findFirst({
    columns: { id: true },
    where: and(eq(customers.authSubject, subject), ne(customers.status, "closed")),
  });
  return row?.id ?? null;
}

/** Matches the principal's own customer row; closed (erased) customers match nothing. */
export function ownCustomer(principal: CustomerPrincipal) {
  return and(
    principal.customerId
      ? eq(customers.id, principal.customerId)
      : eq(customers.authSubject, principal.subject),
    ne(customers.status, "closed"),
  );
}

export interface CustomerProfile {
  customerId: string;
  type: "individual" | "business";
  firstName?: string | null;
  lastName?: string | null;
  businessName?: string | null;
  email: string | null;
  phone: string | null;
  status: string;
  createdAt: string;
  accounts: {
    accountId: string;
    accountNumber: string;
    nickname: string | null;
    status: string;
    role: string;
  }[];
}

/** GET /api/customer: the profile and linked accounts, in one statement. */
export async function getCustomerProfile({
  principal,
}: {
  principal: CustomerPrincipal;
}): Promise<CustomerProfile | null> {
  const row = await getDb().query.customers.findFirst({
    where: ownCustomer(principal),
    with: {
      accountLinks: {
        columns: { role: true },
        with: {
          account: { columns: { id: true, accountNumber: true, nickname: true, status: true } },
        },
      },
    },
  });
  if (!row) return null;
  const names =
    row.type === "business"
      ? { businessName: row.businessName }
      : { firstName: row.firstName, lastName: row.lastName };
  return {
    customerId: row.id,
    type: row.type,
    ...names,
    email: row.email,
    phone: row.phone,
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
