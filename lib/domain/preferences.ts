import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, queryRows } from "@/db/client";
import { getPreferences, preferencesJson } from "@/db/queries/preferences";
import { isPrincipalCustomer } from "@/db/queries/scope";
import { billDeliveryOptions } from "@/db/schema/preferences";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";
import { encryptPii, revealPii } from "@/lib/pii";
import type { Preferences } from "@/lib/schemas/types";
import { type Actor, recordChange } from "./events";

export const notificationsSchema = z
  .strictObject({
    billReady: z.boolean().optional(),
    paymentDue: z.boolean().optional(),
    outageAlerts: z.boolean().optional(),
    highUsageAlerts: z.boolean().optional(),
  })
  .meta({ id: "NotificationSettingsUpdate" });

const line = (max: number) =>
  z.string().trim().min(1, "This cannot be empty").max(max, `Use at most ${max} characters`);

const mailingAddressSchema = z
  .strictObject({
    sameAsPrimaryPremise: z.boolean(),
    street: line(200).nullable().optional(),
    unit: line(50).nullable().optional(),
    city: line(100).nullable().optional(),
    state: line(100).nullable().optional(),
    zip: line(16).nullable().optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, "Use a two-letter country code")
      .nullable()
      .optional(),
  })
  .superRefine((address, ctx) => {
    if (address.sameAsPrimaryPremise) return;
    for (const field of ["street", "city", "zip"] as const) {
      if (!address[field])
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: "Required for a separate mailing address",
        });
    }
  });

export const preferencesSchema = z
  .strictObject({
    billDelivery: z.enum(billDeliveryOptions).optional(),
    notifications: notificationsSchema.optional(),
    autoPay: z
      .strictObject({
        enabled: z.boolean(),
        paymentMethodId: z.string().trim().min(1).max(64).nullable().optional(),
      })
      .optional(),
    mailingAddress: mailingAddressSchema.optional(),
  })
  .meta({ id: "PreferencesUpdate" });

type PreferencesInput = z.output<typeof preferencesSchema>;

/** Column values for the parts of the input that are present. */
function columnsFor(input: PreferencesInput): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (input.billDelivery) values.bill_delivery = input.billDelivery;
  const n = input.notifications;
  if (n?.billReady !== undefined) values.notify_bill_ready = n.billReady;
  if (n?.paymentDue !== undefined) values.notify_payment_due = n.paymentDue;
  if (n?.outageAlerts !== undefined) values.notify_outage_alerts = n.outageAlerts;
  if (n?.highUsageAlerts !== undefined) values.notify_high_usage_alerts = n.highUsageAlerts;
  if (input.autoPay) {
    values.auto_pay_enabled = input.autoPay.enabled;
    if (input.autoPay.paymentMethodId !== undefined)
      values.auto_pay_payment_method_id = input.autoPay.paymentMethodId;
  }
  const m = input.mailingAddress;
  if (m) {
    // A mailing address the same as the premise keeps no separate copy of it.
    const own = !m.sameAsPrimaryPremise;
    values.mailing_same_as_primary = m.sameAsPrimaryPremise;
    values.mailing_street = own ? encryptPii("street", m.street ?? null) : null;
    values.mailing_unit = own ? encryptPii("unit", m.unit ?? null) : null;
    values.mailing_city = own ? m.city : null;
    values.mailing_state = own ? (m.state ?? null) : null;
    values.mailing_zip = own ? m.zip : null;
    values.mailing_country = own ? (m.country ?? null) : null;
  }
  return values;
}

/**
 * PUT /api/preferences and PUT /api/preferences/notifications: upsert what was sent, and answer
 * the preferences as saved.
 *
 * Nothing locks the customer's row: the audit and outbox inserts' foreign keys hold it against
 * deletion (FOR KEY SHARE), which is all a preferences change needs, and a FOR UPDATE there would
 * queue every other write and audit insert that names the customer behind this one. The upsert
 * comes last, so that two saves of one customer wait on each other only for the commit, and it
 * returns the saved preferences, so no read follows it.
 */
export async function updatePreferences({
  principal,
  actor,
  input,
}: {
  principal: CustomerPrincipal;
  actor: Actor;
  input: PreferencesInput;
}): Promise<Preferences> {
  const values = columnsFor(input);
  const sections = Object.keys(input);
  if (Object.keys(values).length === 0) return getPreferences({ principal });
  const body = await getDb().transaction(async (tx) => {
    const [customer] = await queryRows<{ id: string }>(
      tx,
      sql`SELECT c.id FROM customers c WHERE ${isPrincipalCustomer(principal)}`,
    );
    if (!customer) throw notFound("customer");
    await recordChange(tx, {
      customerId: customer.id,
      type: "PreferencesUpdated",
      actor,
      data: { sections },
      event: {
        type: "PreferencesUpdated",
        aggregateType: "customer",
        aggregateId: customer.id,
        payload: { customerId: customer.id, sections },
      },
    });
    const names = Object.keys(values);
    const [saved] = await queryRows<{ body: Record<string, unknown> }>(
      tx,
      sql`INSERT INTO preferences AS pr (customer_id, ${sql.join(
        names.map((n) => sql.identifier(n)),
        sql`, `,
      )}, updated_at)
        VALUES (${customer.id}::uuid, ${sql.join(
          names.map((n) => sql`${values[n]}`),
          sql`, `,
        )}, now())
        ON CONFLICT (customer_id) DO UPDATE SET
          ${sql.join(
            names.map((n) => sql`${sql.identifier(n)} = EXCLUDED.${sql.identifier(n)}`),
            sql`, `,
          )},
          updated_at = now()
        RETURNING ${preferencesJson} AS body`,
    );
    return saved?.body;
  });
  if (!body) throw notFound("customer");
  return revealPii(body) as unknown as Preferences;
}
