import { sql } from "drizzle-orm";
import type { StaffPrincipal } from "@/lib/auth/principal";
import { AUDIT_ROLES } from "@/lib/auth/roles";
import { revealPii } from "@/lib/pii";
import type { ErasureRequestView, Preferences } from "@/lib/schemas/types";
import { resolveUsageWindow, type UsageWindow } from "@/lib/usage-window";
import { getDb, queryRows } from "../client";
import { type AccessEntry, listCustomerAudit } from "./access-audit";
import { accountBalance, accountEsco, balanceSql, ifGranted } from "./account-sql";
import { premisesInOrder } from "./addresses";
import { billFields, paymentFields } from "./billing";
import { preferencesJson } from "./preferences";
import { isoDate, isoInstant, quantity } from "./sql-format";

/** How many of an account's latest bills and payments the console shows. */
export const STAFF_BILLING_ROWS = 6;

/**
 * Usage of the meter `m` over the window (dates: the daily rollups) and the one before it. The
 * console works in whole days, so the window is always one of dates.
 */
function meterUsage(window: DateWindow) {
  return sql`(SELECT json_build_object(
      'from', ${window.from}::text, 'to', ${window.to}::text, 'unit', m.unit,
      'current', ${quantity(sql`coalesce(sum(d.consumption) FILTER (WHERE d.day >= ${window.from}::date), 0)`)},
      'previous', ${quantity(sql`coalesce(sum(d.consumption) FILTER (WHERE d.day < ${window.from}::date), 0)`)},
      'days', count(DISTINCT d.day) FILTER (WHERE d.day >= ${window.from}::date))
    FROM meter_daily_usage d
    WHERE d.meter_id = m.id AND d.day >= ${window.previousFrom}::date AND d.day < ${window.to}::date)`;
}

/**
 * What support sees about one customer, in one statement: profile, preferences, status history
 * and events, and each account with its balance, latest bills and payments, premises and meters
 * with their usage. Bills and usage follow the customer's role on each account, as the customer
 * sees them (a landlord sees no bills, a billing contact no usage).
 */
export async function getCustomerForStaff(customerId: string, window: DateWindow) {
  const [row] = await queryRows<{ body: StaffCustomerView }>(
    getDb(),
    sql`SELECT json_build_object(
          'customerId', c.id, 'type', c.type, 'name', c.name, 'firstName', c.first_name, 'lastName', c.last_name,
          'businessName', c.business_name, 'email', c.email, 'phone', c.phone, 'status', c.status,
          'createdAt', ${isoInstant(sql`c.created_at`)}, 'deletedAt', ${isoInstant(sql`c.deleted_at`)},
          'preferences', (SELECT ${preferencesJson} FROM (SELECT 1) one
                          LEFT JOIN preferences pr ON pr.customer_id = c.id),
          'accounts', (SELECT coalesce(json_agg(json_build_object(
              'accountId', a.id, 'accountNumber', a.account_number, 'nickname', a.nickname,
              'status', a.status, 'closedOn', a.closed_on, 'role', ca.role, 'currency', esco.currency,
              'timezone', esco.timezone,
              'currentBalance', ${balanceSql.current}, 'overdueAmount', ${balanceSql.overdue},
              'nextDueDate', ${balanceSql.nextDueDate},
              'lastPaymentDate', ${balanceSql.lastPaymentDate}, 'lastPaymentAmount', ${balanceSql.lastPaymentAmount},
              'bills', ${ifGranted(
                sql`ca.role`,
                "billing",
                sql`(SELECT coalesce(json_agg(json_build_object(${billFields})
                       ORDER BY b.issue_date DESC, b.id DESC), '[]'::json)
                     FROM (SELECT * FROM bills b WHERE b.account_id = a.id
                           ORDER BY b.issue_date DESC, b.id DESC LIMIT ${STAFF_BILLING_ROWS}) b)`,
              )},
              'payments', ${ifGranted(
                sql`ca.role`,
                "billing",
                sql`(SELECT coalesce(json_agg(json_build_object(${paymentFields})
                       ORDER BY pm.paid_at DESC, pm.id DESC), '[]'::json)
                     FROM (SELECT * FROM payments pm WHERE pm.account_id = a.id
                           ORDER BY pm.paid_at DESC, pm.id DESC LIMIT ${STAFF_BILLING_ROWS}) pm)`,
              )},
              'premises', (SELECT coalesce(json_agg(json_build_object(
                  'premiseId', p.id, 'street', p.street, 'unit', p.unit, 'city', p.city, 'zip', p.zip,
                  'isPrimary', p.is_primary,
                  'meters', (SELECT coalesce(json_agg(json_build_object(
                      'meterId', m.id, 'meterNumber', m.meter_number, 'type', m.type, 'status', m.status,
                      'isSmart', m.is_smart, 'unit', m.unit,
                      'usage', ${ifGranted(sql`ca.role`, "usage", meterUsage(window))}
                      ) ORDER BY m.meter_number), '[]'::json)
                    FROM meters m WHERE m.premise_id = p.id)
                ) ORDER BY p.is_primary DESC, p.created_at, p.id), '[]'::json) FROM premises p WHERE p.account_id = a.id)
            ) ORDER BY a.account_number), '[]'::json)
            FROM customer_accounts ca JOIN accounts a ON a.id = ca.account_id
            ${accountEsco} ${accountBalance}
            WHERE ca.customer_id = c.id),
          'events', (SELECT coalesce(json_agg(json_build_object(
              'type', e.type, 'actorType', e.actor_type, 'actorId', e.actor_id, 'data', e.data,
              'occurredAt', ${isoInstant(sql`e.occurred_at`)}) ORDER BY e.occurred_at DESC, e.id DESC), '[]'::json)
            FROM (SELECT * FROM customer_events e WHERE e.customer_id = c.id ORDER BY e.occurred_at DESC, e.id DESC LIMIT 50) e),
          'supportSessions', (SELECT coalesce(json_agg(json_build_object(
              'staffUsername', s.staff_username, 'reason', s.reason, 'startedAt', ${isoInstant(sql`s.started_at`)},
              'endedAt', ${isoInstant(sql`s.ended_at`)}, 'endReason', s.end_reason) ORDER BY s.started_at DESC), '[]'::json)
            FROM (SELECT * FROM impersonation_sessions s WHERE s.customer_id = c.id ORDER BY s.started_at DESC LIMIT 10) s),
          'erasureRequest', (SELECT json_build_object('requestId', r.id, 'status', r.status,
              'requestedAt', ${isoInstant(sql`r.requested_at`)}, 'resolvedAt', ${isoInstant(sql`r.resolved_at`)},
              'declineReason', r.decline_reason)
            FROM erasure_requests r WHERE r.customer_id = c.id ORDER BY r.requested_at DESC, r.id LIMIT 1),
          'createdOn', ${isoDate(sql`c.created_at::date`)}
        ) AS body
        FROM customers c WHERE c.id = ${customerId}::uuid`,
  );
  if (!row) return null;
  const view = revealPii(row.body);
  return {
    ...view,
    accounts: view.accounts.map((a) => ({ ...a, premises: premisesInOrder(a.premises) })),
  };
}

/** How many of the latest accesses the customer view lists (the audit page has them all). */
export const STAFF_AUDIT_ROWS = 10;

type DateWindow = Extract<UsageWindow, { kind: "date" }>;

/**
 * The customer view of the console and of `GET /api/staff/customers/{id}`: the customer with
 * usage over the last 30 whole days, and, for supervisors only, the latest accesses to their
 * data (null for other roles). Null when there is no such customer.
 */
export async function getStaffCustomerView({
  staff,
  customerId,
}: {
  staff: StaffPrincipal;
  customerId: string;
}) {
  const window = resolveUsageWindow({}) as DateWindow;
  const customer = await getCustomerForStaff(customerId, window);
  if (!customer) return null;
  const audit: AccessEntry[] | null = staff.roles.some((r) => AUDIT_ROLES.includes(r))
    ? ((await listCustomerAudit({ customerId, limit: STAFF_AUDIT_ROWS, after: null }))?.entries ??
      [])
    : null;
  return { ...customer, usageWindow: { from: window.from, to: window.to }, audit };
}

export type StaffCustomer = NonNullable<Awaited<ReturnType<typeof getStaffCustomerView>>>;

export interface StaffBill {
  billId: string;
  billNumber: string;
  periodStart: string;
  periodEnd: string;
  issueDate: string;
  dueDate: string;
  amount: number;
  currency: string | null;
  status: string;
  overdue: boolean;
}

export interface StaffPayment {
  paymentId: string;
  paidAt: string;
  paidOn: string;
  amount: number;
  currency: string | null;
  method: string;
  reference: string | null;
}

export interface StaffMeterUsage {
  from: string;
  to: string;
  unit: string;
  current: number;
  previous: number;
  /** Days of the window with readings. */
  days: number;
}

export interface StaffCustomerView {
  customerId: string;
  type: "individual" | "business";
  name: string | null;
  email: string | null;
  phone: string | null;
  status: string;
  createdAt: string;
  deletedAt: string | null;
  preferences: Preferences;
  accounts: {
    accountId: string;
    accountNumber: string;
    nickname: string | null;
    status: string;
    closedOn: string | null;
    role: string;
    currency: string | null;
    timezone: string | null;
    currentBalance: number | null;
    overdueAmount: number | null;
    nextDueDate: string | null;
    lastPaymentDate: string | null;
    lastPaymentAmount: number | null;
    /** Null when the customer's role on the account does not show bills (a landlord). */
    bills: StaffBill[] | null;
    payments: StaffPayment[] | null;
    premises: {
      premiseId: string;
      street: string;
      unit: string | null;
      city: string;
      zip: string;
      isPrimary: boolean;
      meters: {
        meterId: string;
        meterNumber: string;
        type: string;
        status: string;
        isSmart: boolean;
        unit: string;
        /** Null when the customer's role on the account does not show usage. */
        usage: StaffMeterUsage | null;
      }[];
    }[];
  }[];
  events: {
    type: string;
    actorType: string;
    actorId: string | null;
    data: Record<string, unknown>;
    occurredAt: string;
  }[];
  erasureRequest: ErasureRequestView | null;
  supportSessions: {
    staffUsername: string;
    reason: string;
    startedAt: string;
    endedAt: string | null;
    endReason: string | null;
  }[];
}
