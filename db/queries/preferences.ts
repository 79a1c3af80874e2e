import { sql } from "drizzle-orm";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";
import { revealPii } from "@/lib/pii";
import type { NotificationSettings, Preferences } from "@/lib/schemas/types";
import { getDb, queryRows } from "../client";
import { isPrincipalCustomer } from "./scope";

const notificationsJson = sql`json_build_object(
  'billReady', coalesce(pr.notify_bill_ready, true),
  'paymentDue', coalesce(pr.notify_payment_due, true),
  'outageAlerts', coalesce(pr.notify_outage_alerts, true),
  'highUsageAlerts', coalesce(pr.notify_high_usage_alerts, false))`;

/** Defaults apply until the customer first saves preferences, so every customer has some. */
export const preferencesJson = sql`json_build_object(
  'billDelivery', coalesce(pr.bill_delivery, 'email'),
  'notifications', ${notificationsJson},
  'autoPay', json_build_object('enabled', coalesce(pr.auto_pay_enabled, false),
                               'paymentMethodId', pr.auto_pay_payment_method_id),
  'mailingAddress', json_build_object(
    'sameAsPrimaryPremise', coalesce(pr.mailing_same_as_primary, true),
    'street', pr.mailing_street, 'unit', pr.mailing_unit, 'city', pr.mailing_city,
    'state', pr.mailing_state, 'zip', pr.mailing_zip, 'country', pr.mailing_country))`;

async function readPreferences(principal: CustomerPrincipal, json: typeof preferencesJson) {
  const [row] = await queryRows<{ body: Record<string, unknown> }>(
    getDb(),
    sql`SELECT ${json} AS body FROM customers c
        LEFT JOIN preferences pr ON pr.customer_id = c.id
        WHERE ${isPrincipalCustomer(principal)}`,
  );
  if (!row) throw notFound("customer");
  return revealPii(row.body);
}

/** GET /api/preferences */
export const getPreferences = async ({ principal }: { principal: CustomerPrincipal }) =>
  (await readPreferences(principal, preferencesJson)) as unknown as Preferences;

/** GET /api/preferences/notifications */
export const getNotifications = async ({ principal }: { principal: CustomerPrincipal }) =>
  (await readPreferences(principal, notificationsJson)) as unknown as NotificationSettings;
